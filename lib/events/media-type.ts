/** The media type of a content-type value, lowercased, without parameters. */
export function mediaType(contentType: string | undefined | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export function isJsonMedia(type: string): boolean {
  return type === "application/json" || type === "text/json" || type.endsWith("+json");
}
