// Package canonical expands canonical (parametric) models of a conditional
// probability table into full tables.
//
// An analyst who elicits a table for a child with n parents of k states
// each must give k^n distributions; a canonical model asks for far fewer
// numbers and derives the rest. The models here are:
//
//   - NoisyOR, the leaky noisy-OR of binary variables (Pearl 1988,
//     Henrion 1989): one link probability per parent and a leak;
//   - NoisyMAX, its generalisation to ordered states (Díez 1993;
//     Díez & Druzdzel 2006): one distribution per parent state and a leak;
//   - Ranked, the ranked nodes of Fenton, Neil & Caballero (2007): a
//     truncated normal around a weighted mean, minimum or maximum of the
//     parents' positions on a [0, 1] scale;
//   - Deterministic and Rule, a child that is a function of its parents.
//
// Each model's CPT method validates the parameters, refuses a table of
// more than a given number of entries (DefaultMaxEntries unless told
// otherwise), and returns the table in the layout of network.VariableSpec:
// parent configurations in row-major order over the parents (the first
// parent varies slowest, the last fastest) and, within one configuration,
// the child's states in order, each run of len(child states) entries a
// distribution that sums to 1. Invalid parameters give an ErrorList, whose
// causes are the sentinel errors of this package (ErrProbability, ErrSum,
// …), reachable with errors.Is; no parameter makes a CPT method panic (a
// Rule's function is the caller's own code).
//
// # State order
//
// The models follow the conventions of the tools their parameters usually
// come from; a caller whose states run the other way reverses them.
//
//   - NoisyOR: state 0 is "present" and state 1 "absent", for the child
//     and every parent, as GeNIe writes a binary noisy-MAX node.
//   - NoisyMAX: the child's states run from the most severe (state 0) to
//     the absent, or normal, state (the last), as in GeNIe and SMILE
//     (BayesFusion, SMILE manual, "Noisy-MAX": the distinguished state is
//     last). Each parent names its own absent state (Cause.Absent); the
//     order of the other parent states does not matter to the model.
//   - Ranked: state 0 is the lowest rank, the interval [0, 1/k) of the
//     underlying scale, and the last state the highest, as in Fenton et
//     al.'s scales ("very low" … "very high").
//
// # Sources
//
//   - J. Pearl, Probabilistic Reasoning in Intelligent Systems, Morgan
//     Kaufmann, 1988.
//   - M. Henrion, "Some practical issues in constructing belief networks",
//     Uncertainty in Artificial Intelligence 3, 1989, 161–173.
//   - F. J. Díez, "Parameter adjustment in Bayes networks. The generalized
//     noisy OR-gate", Proc. UAI 1993, 99–105.
//   - F. J. Díez and M. J. Druzdzel, "Canonical probabilistic models for
//     knowledge engineering", Technical Report CISIAD-06-01, UNED, 2006.
//   - N. E. Fenton, M. Neil and J. G. Caballero, "Using ranked nodes to
//     model qualitative judgments in Bayesian networks", IEEE Transactions
//     on Knowledge and Data Engineering 19(10), 2007, 1420–1432.
package canonical
