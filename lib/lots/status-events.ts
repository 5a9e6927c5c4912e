import { BUSINESS_TYPES } from "../workflows/catalog";

/**
 * Business events that carry a lot id but say nothing about the lot's own status: a CAPA on the
 * lot's supplier, the supplier's status in procurement, notifications and analytics refreshes.
 * They stay on the lot's timeline and out of its status per system.
 */
export const NOT_LOT_STATUS_TYPES: readonly string[] = [
  BUSINESS_TYPES.capaClosed,
  BUSINESS_TYPES.supplierStatusUpdated,
  BUSINESS_TYPES.supplierNotified,
  BUSINESS_TYPES.analyticsRefreshed,
  BUSINESS_TYPES.customerNotified,
];
