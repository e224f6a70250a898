// Clip audio URLs, relative to the page so they are same-origin in both shells (CSP media-src 'self').

/** `token` is the browser host's access token; Electron (app://) needs none. */
export function buildClipMediaUrl(path: string, pageHref: string, token: string | undefined): string {
  const query = new URLSearchParams({ path });
  if (token) query.set('token', token);
  return new URL(`media/clip?${query}`, pageHref).href;
}
