/**
 * The two buildspecs, inline in the template so that what runs is reviewed with the stack. The
 * build stage runs the same `npm test` as a laptop; the deploy stage runs the same rollout script,
 * so there is one deploy path (CodePipeline's own StackSet actions cannot deploy regions in parallel).
 */
import { toYaml } from './yaml.js';

/** CodeBuild standard:7.0 runtimes: npm test needs Node, Python (cfn-lint, checkov, moto), Java (DynamoDB Local) and Go (MinIO). */
export const BUILD_IMAGE = 'aws/codebuild/standard:7.0';
const RUNTIMES = { nodejs: '22', python: '3.11', java: 'corretto17', golang: '1.22' };

export function buildSpec(): string {
  return toYaml({
    version: '0.2',
    env: { variables: { CI: 'true' } },
    phases: {
      install: { 'runtime-versions': RUNTIMES },
      build: {
        commands: [
          'npm ci --no-audit --no-fund',
          'npm test',
          'npm run build:templates',
          'npm run build:lambdas',
        ],
      },
    },
    artifacts: {
      files: ['**/*'],
      'exclude-paths': ['node_modules/**/*', '.tools/**/*', '.git/**/*'],
    },
  });
}

/**
 * Rolls one environment's StackSet out (SERVAPP_ENV, set by the pipeline's action) with the
 * template and bundles the build stage made and tested: `--template` deploys that file as built,
 * and the rollout refuses it if it was built for another environment.
 */
export function deploySpec(): string {
  return toYaml({
    version: '0.2',
    env: { variables: { CI: 'true' } },
    phases: {
      install: {
        'runtime-versions': { nodejs: RUNTIMES.nodejs, python: RUNTIMES.python },
        commands: ['npm ci --no-audit --no-fund', 'bash scripts/provision-tools.sh cfn-lint'],
      },
      build: {
        commands: [
          'npm run rollout -- --env "$SERVAPP_ENV" --template "templates/$SERVAPP_ENV/regional.json" --artifact-bucket-prefix "$ARTIFACT_BUCKET_PREFIX"',
        ],
      },
    },
  });
}
