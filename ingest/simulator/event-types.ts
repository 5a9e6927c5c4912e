/** The simulator emits the product's own event types and default workflows. */
export * from "../../lib/workflows/catalog";
