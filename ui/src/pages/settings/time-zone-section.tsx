/** @module The Settings page's time-zone choice: local time or UTC, for every time the UI shows. */
import { setTimeZoneSetting, settingLabel, type TimeZoneSetting } from "../../components/time-zone.js";
import { useTimeZoneSetting } from "../../components/use-time-zone.js";

const CHOICES: readonly TimeZoneSetting[] = ["local", "utc"];

/** Two radio buttons; the choice applies at once and is remembered by this browser. */
export function TimeZoneSection() {
  const setting = useTimeZoneSetting();
  return (
    <section
      className="card settings-section"
      aria-labelledby="time-zone-title"
      data-testid="time-zone-setting"
    >
      <h2 id="time-zone-title">Time zone</h2>
      <p className="muted">
        Every date and time in this UI — run times, charts, schedules' next runs — is shown in this zone, and
        its name is on hover. This browser remembers the choice.
      </p>
      <div className="row" role="radiogroup" aria-labelledby="time-zone-title">
        {CHOICES.map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name="time-zone"
              value={choice}
              checked={setting === choice}
              onChange={() => setTimeZoneSetting(choice)}
            />{" "}
            {settingLabel(choice)}
          </label>
        ))}
      </div>
    </section>
  );
}
