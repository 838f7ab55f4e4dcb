/** Saves text as a file through the browser's download (an iCalendar file, a CSV export). */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
