/** One message's key in maps: its correlation id and message id. */
export const messageKey = (correlationId: string, messageId: string) => `${correlationId}\u0000${messageId}`;
