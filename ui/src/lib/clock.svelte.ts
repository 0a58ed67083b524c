// The server's time as the UI shows it: this computer's clock plus the offset
// measured at the last sync. Ticks every second.
let offset = $state(0);
let local = $state(Math.floor(Date.now() / 1000));
setInterval(() => (local = Math.floor(Date.now() / 1000)), 1000);

export const clock = {
  get now(): number {
    return local + offset;
  },
  get offset(): number {
    return offset;
  },
  setOffset(seconds: number) {
    offset = seconds;
  },
};
