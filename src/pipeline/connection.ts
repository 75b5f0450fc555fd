/**
 * The source connection. CodeCommit is closed to new customers, so the pipeline reads from a
 * CodeStar connection: an existing one by ARN, or one created here (it starts PENDING and is
 * completed once in the console by someone allowed to install the provider's app).
 */
import { CodeStarConnections, Fn, type IntrinsicFunction } from 'cloudform-types';
import { sub } from '../core/intrinsics.js';
import { type PipelineContext, pipelineName } from './context.js';

export const CREATE_CONNECTION_CONDITION = 'CreateConnection';

/** The connection's ARN, whichever way it came. */
export function sourceConnection(ctx: PipelineContext): IntrinsicFunction {
  const { t, params } = ctx;
  t.condition(CREATE_CONNECTION_CONDITION, Fn.Equals(params.connectionArn.ref(), ''));
  const connection = t.resource(
    'SourceConnection',
    new CodeStarConnections.Connection({
      ConnectionName: sub(pipelineName('source')),
      ProviderType: params.connectionProvider.ref(),
    }),
    { condition: CREATE_CONNECTION_CONDITION },
  );
  return Fn.If(CREATE_CONNECTION_CONDITION, connection.ref(), params.connectionArn.ref());
}
