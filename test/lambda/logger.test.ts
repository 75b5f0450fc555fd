import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger, errorFields } from '../../lambda-src/shared/logger';

function capture(): { lines: Record<string, unknown>[]; write: (line: string) => void } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line) => lines.push(JSON.parse(line)) };
}

/** Runs `body` with the Lambda log level set, whatever other suites in this process set it to. */
function withLogLevel(level: string, body: () => void): void {
  const saved = process.env.AWS_LAMBDA_LOG_LEVEL;
  process.env.AWS_LAMBDA_LOG_LEVEL = level;
  try {
    body();
  } finally {
    if (saved === undefined) delete process.env.AWS_LAMBDA_LOG_LEVEL;
    else process.env.AWS_LAMBDA_LOG_LEVEL = saved;
  }
}

test('every line is one JSON object with level, message, timestamp and the correlation id', () =>
  withLogLevel('INFO', () => {
    const out = capture();
    const log = createLogger('corr-1', { route: 'getStatus' }, out.write);
    log.info('request served', { statusCode: 200 });
    log.child({ jobId: 'j-1' }).warn('slow');
    assert.is(out.lines.length, 2);
    for (const line of out.lines) {
      assert.is(line.correlationId, 'corr-1');
      assert.is(line.route, 'getStatus');
      assert.match(String(line.timestamp), /^\d{4}-\d{2}-\d{2}T/);
    }
    assert.is(out.lines[0]?.level, 'INFO');
    assert.is(out.lines[0]?.statusCode, 200);
    assert.is(out.lines[1]?.jobId, 'j-1');
    assert.is(out.lines[1]?.level, 'WARN');
  }));

test('lines below the Lambda log level are dropped', () =>
  withLogLevel('WARN', () => {
    const out = capture();
    const log = createLogger('corr-2', {}, out.write);
    log.debug('no');
    log.info('no');
    log.error('yes');
    assert.equal(
      out.lines.map((line) => line.message),
      ['yes'],
    );
  }));

test('errors are logged with their stack, as fields', () => {
  const fields = errorFields(new TypeError('boom'));
  assert.is(fields.errorName, 'TypeError');
  assert.is(fields.errorMessage, 'boom');
  assert.match(String(fields.stack), /TypeError: boom/);
});

test.run();
