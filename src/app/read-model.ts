// The questions the Teams views may ask about what the use cases return (a request, a target's facts,
// a role), answered by the domain's own rules: a view shows what the rules decide and never
// re-implements one. The adapter imports the domain for types only; this is its one door to the rules.
/** A request that may still change: only then is a posted status card worth keeping current. */
export { awaitingHandover, mayChange } from '../domain/request';
export { requiredRoleFor } from '../domain/issuer-rules';
export { roleDisplayName } from '../domain/roles';
/** The one rule for "12 min", "1 h 30 min", "5 h", "2 days", shared by the diagnosis and the cards. */
export { duration } from '../domain/diagnosis/diagnosis-text';
