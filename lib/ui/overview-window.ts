/** The overview's time window, shared by the server render and the live client. */
export const OVERVIEW_WINDOW_MINUTES = 60;
