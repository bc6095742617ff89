/** @module "Which 01:30": the radios a form shows for a time the autumn clock change repeats (ADR 270). */
import { Choices, type FormErrors } from './components.js';
import { repeatedHourReadings } from './repeated-hour.js';

/**
 * "Which 01:30": radios named `name` for a time the autumn change repeats, shown only when `date` and
 * `time` are such a time; `clock` ("BST"/"GMT") is checked, the first reading when it names neither.
 */
export function RepeatedHourChoice(props: {
  id: string;
  name: string;
  date: string;
  time: string;
  clock: string;
  zone: string;
  errors: FormErrors;
}) {
  const readings = repeatedHourReadings(props.date, props.time, props.zone);
  if (!readings) return null;
  const [first, second] = readings;
  const checked = readings.some((r) => r.name === props.clock) ? props.clock : first.name;
  return (
    <Choices
      id={props.id}
      name={props.name}
      type="radio"
      label={`Which ${props.time}`}
      hint={`The clocks go back that night, so ${props.time} happens twice.`}
      errors={props.errors}
      checked={[checked]}
      options={[
        [first.name, `${props.time} ${first.name}, the first (before the clocks go back)`],
        [second.name, `${props.time} ${second.name}, the second (after the clocks go back)`],
      ]}
    />
  );
}
