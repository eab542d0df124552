package network

// Engine is what every inference algorithm offers: given evidence, the
// posterior marginal of each variable and the probability of the evidence.
//
// An engine holds a reference to its network and owns its working buffers;
// it never modifies the network. Engines are not safe for concurrent use.
type Engine interface {
	// Network returns the network the engine answers for.
	Network() *Network
	// Propagate conditions on ev. If ev has probability zero it returns an
	// *ImpossibleEvidenceError and the engine keeps its previous results.
	Propagate(ev *Evidence) error
	// Posterior returns P(v | evidence) from the last successful Propagate.
	// The slice belongs to the engine and is overwritten by the next
	// Propagate; copy it to keep it.
	Posterior(v int) []float64
	// ProbEvidence returns P(evidence) from the last successful Propagate:
	// math.Exp(LogProbEvidence()), which is 0 or +Inf when P(evidence) is
	// outside the range of a float64; callers check for that before
	// printing it (LogProbEvidence is the value to trust).
	ProbEvidence() float64
	// LogProbEvidence returns ln P(evidence), accurate even when
	// P(evidence) underflows a float64.
	LogProbEvidence() float64
}

// MPEEngine is an engine that can find a most probable explanation: the
// single most probable joint state of all variables given the evidence.
type MPEEngine interface {
	Engine
	// MPE returns one state index per variable and the joint probability
	// P(assignment, evidence) of that assignment together with the evidence.
	MPE(ev *Evidence) (assignment []int, prob float64, err error)
}
