// A counting SMTP sink in its own process, so the benchmark's client side (raw nodemailer or
// runDue) does not share an event loop with the server. Prints "port <n>" when listening; replies
// to the message "count" with the number of emails accepted so far.
import { SMTPServer } from 'smtp-server';

let accepted = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      accepted++;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.server.address().port });
});
process.on('message', (m) => {
  if (m === 'count') process.send?.({ accepted });
  if (m === 'stop') server.close(() => process.exit(0));
});
