/** Saving bytes made in the page as a file the browser downloads. */

/** How long the object URL outlives the click: the download has started by then. */
const REVOKE_AFTER_MS = 10000;

/** Offers `bytes` as a download named `name`, through a temporary link to an object URL. */
export function saveFile(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
