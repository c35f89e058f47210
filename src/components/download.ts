/** Saves a blob under a file name through a temporary link: the one download helper. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click starts the download synchronously; the URL can go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
