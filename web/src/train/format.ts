/** How the Train page writes an accuracy (a share in [0, 1]): four decimals, as the CLI prints it. */
export function formatAcc(v: number): string {
  return v.toFixed(4);
}
