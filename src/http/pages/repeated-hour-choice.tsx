/** @module "Which 01:30": the radios a form shows for a time the autumn clock change repeats (ADR 270). */
import { Choices, type FormErrors } from './components.js';
import { repeatedHourReadings } from '../../domain/repeated-hour.js';

/**
 * "Which 01:30": radios named `name` for a time the autumn change repeats, shown only when `date`
 * ('YYYY-MM-DD') and `time` ('HH:mm') in `zone` are such a time; each radio's value is its reading's
 * zone name, and `clock` ("BST"/"GMT") is checked, the first reading when it names neither. `label`
 * words what is asked about ("Starts at" gives "Starts at which 01:30? …"). The dates page and the
 * event form ask it alike (ADRs 269, 270).
 */
export function RepeatedHourChoice(props: {
  id: string;
  name: string;
  label?: string;
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
  const t = props.time;
  return (
    <Choices
      id={props.id}
      name={props.name}
      type="radio"
      label={`${props.label ? `${props.label} which` : 'Which'} ${t}? It happens twice that night`}
      hint={`The clocks go back from 02:00 ${first.name} to 01:00 ${second.name}, so every time from 01:00 to 01:59 comes round twice.`}
      errors={props.errors}
      checked={[checked]}
      options={[
        [first.name, `${t} ${first.name} (the first, before the clocks go back)`],
        [second.name, `${t} ${second.name} (the second, an hour later)`],
      ]}
    />
  );
}
