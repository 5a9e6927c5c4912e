/** Business keys an exception or group names: the lots and orders of its messages, breaches or divergent lots. */
export interface ImpactInput {
  lots: string[];
  orders: string[];
}

/**
 * What an exception touches, descendants through genealogy included. `lots` counts lots (input
 * lots and every lot made from them, shipments excluded); `descendantLots` the part of those made
 * from the input lots; `shipments` input and descendant shipments; `orders` the input orders and
 * every order that produced or consumed a touched lot (an exception naming only orders starts
 * from the lots produced under them); `customers` the customers of the touched
 * shipments. `capped`: the walk stopped at its depth or lot limit, so the counts are lower bounds.
 * Samples hold at most SAMPLE_SIZE ids each: lots nearest the input first, the rest by id.
 */
export interface Impact {
  lots: number;
  orders: number;
  shipments: number;
  customers: number;
  descendantLots: number;
  capped: boolean;
  sample: { lots: string[]; orders: string[]; shipments: string[]; customers: string[] };
}

export interface ImpactLimits {
  /** Genealogy levels below the input lots (the reference estate has five from supplier lot to shipment). */
  maxDepth: number;
  /** Lots and shipments reached, input lots included: a hub lot (a resin silo) cannot explode the reads. */
  maxLots: number;
}

export const DEFAULT_IMPACT_LIMITS: ImpactLimits = { maxDepth: 12, maxLots: 5_000 };

export const SAMPLE_SIZE = 10;

/** The distinct children of `lots`, sorted by id, at most `limit` of them. */
export type ChildReader = (lots: readonly string[], limit: number) => Promise<string[]>;

export interface DescendantWalk {
  /** Every lot reached with its fewest links from an input lot (input lots at 0). */
  depths: Map<string, number>;
  capped: boolean;
}

/**
 * Breadth-first over every input lot at once, one read per level. A read asks for at most the
 * room left plus the lots already seen (a merge or a rework loop returns seen lots), so a level
 * never returns more than about twice the cap whatever the fan-out. Capped when the lot limit cut
 * a level short or lots lie beyond the last level read.
 */
export async function walkDescendants(read: ChildReader, roots: readonly string[], limits: ImpactLimits): Promise<DescendantWalk> {
  const depths = new Map<string, number>();
  for (const lot of [...new Set(roots)].sort()) {
    if (depths.size >= limits.maxLots) return { depths, capped: true };
    depths.set(lot, 0);
  }
  let frontier = [...depths.keys()];
  for (let depth = 1; frontier.length > 0; depth++) {
    const room = limits.maxLots - depths.size;
    const children = await read(frontier, room + depths.size + 1);
    const fresh = children.filter((lot) => !depths.has(lot));
    if (fresh.length === 0) break;
    if (depth > limits.maxDepth || room <= 0) return { depths, capped: true };
    const admitted = fresh.slice(0, room);
    for (const lot of admitted) depths.set(lot, depth);
    // A read that filled its limit returned more than `room` fresh lots, so this also covers lots it left out.
    if (admitted.length < fresh.length) return { depths, capped: true };
    frontier = admitted;
  }
  return { depths, capped: false };
}

/** What the store says about the lots of a walk. */
export interface ImpactFacts {
  /** Touched lots that are shipments, with the customer each went to ("" when not known). */
  shipments: { lotId: string; customer: string }[];
  /** Distinct orders that produced or consumed a touched lot. */
  orders: string[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Counts and samples from the walk and the facts: pure, so the rules are tested without a store. */
export function summariseImpact(input: ImpactInput, walk: DescendantWalk, facts: ImpactFacts): Impact {
  const shipmentIds = new Set(facts.shipments.map((s) => s.lotId));
  const lots = [...walk.depths].filter(([lot]) => !shipmentIds.has(lot)).sort(([a, da], [b, db]) => da - db || byId(a, b));
  const inputOrders = new Set(input.orders.filter((o) => o !== ""));
  const orders = [...new Set([...inputOrders, ...facts.orders.filter((o) => o !== "")])].sort((a, b) => Number(inputOrders.has(b)) - Number(inputOrders.has(a)) || byId(a, b));
  const customers = [...new Set(facts.shipments.map((s) => s.customer).filter((c) => c !== ""))].sort(byId);
  const shipments = [...shipmentIds].sort(byId);
  return {
    lots: lots.length,
    orders: orders.length,
    shipments: shipments.length,
    customers: customers.length,
    descendantLots: lots.filter(([, depth]) => depth > 0).length,
    capped: walk.capped,
    sample: {
      lots: lots.slice(0, SAMPLE_SIZE).map(([lot]) => lot),
      orders: orders.slice(0, SAMPLE_SIZE),
      shipments: shipments.slice(0, SAMPLE_SIZE),
      customers: customers.slice(0, SAMPLE_SIZE),
    },
  };
}
