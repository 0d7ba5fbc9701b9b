// What every client script of the Java end-to-end tests needs: one JSON line per observation on
// stdout (the test reads them), waiting for an event, and a watchdog so a stuck script fails fast.
export const print = (line) => console.log(JSON.stringify(line));

/** The next `event` on `emitter` whose payload passes `test`. */
export const once = (emitter, event, test = () => true) =>
  new Promise((resolve) => {
    const on = (m) => { if (test(m)) { emitter.off(event, on); resolve(m); } };
    emitter.on(event, on);
  });

/** Prints {"event":"timeout"} and exits 2 if the script still runs after `ms`. */
export const watchdog = (ms) => setTimeout(() => {
  print({ event: "timeout" });
  process.exit(2);
}, ms).unref();
