// Stands in for the "server-only" marker package under Vitest, which does not run with the react-server condition.
export {};
