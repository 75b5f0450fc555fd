/**
 * The buildspecs, inline in the template so that what runs is reviewed with the stack. The
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

/** Where the review stage writes the change review (an artifact the deploy stage reads). */
export const REVIEW_DIR = 'review';
/** Output variables of a review action: whether the review needs a person, its summary, its build. */
export const REVIEW_VARIABLES = {
  needsApproval: 'REVIEW_NEEDS_APPROVAL',
  summary: 'REVIEW_SUMMARY',
  url: 'REVIEW_URL',
};

/** The environment's built template, as the deploy stage rolls it out. */
const BUILT_TEMPLATE = 'templates/$SERVAPP_ENV/regional.json';

/**
 * Reviews what the rollout of one environment (SERVAPP_ENV) would change against its deployed
 * StackSet (`npm run diff -- --deployed`, the review the rollout itself prints) and keeps it as an
 * artifact: Markdown for people, JSON for the deploy stage, which rolls out only what it lists.
 */
export function reviewSpec(): string {
  const diff = `npm run -s diff -- --deployed --env "$SERVAPP_ENV" --template "${BUILT_TEMPLATE}" --artifact-bucket-prefix "$ARTIFACT_BUCKET_PREFIX"`;
  const json = `${REVIEW_DIR}/review.json`;
  return toYaml({
    version: '0.2',
    env: {
      variables: { CI: 'true' },
      'exported-variables': [REVIEW_VARIABLES.needsApproval, REVIEW_VARIABLES.summary, REVIEW_VARIABLES.url],
    },
    phases: {
      install: {
        'runtime-versions': { nodejs: RUNTIMES.nodejs },
        commands: ['npm ci --no-audit --no-fund'],
      },
      build: {
        commands: [
          `mkdir -p ${REVIEW_DIR}`,
          `${diff} --format json > ${json}`,
          `${diff} --format markdown > ${REVIEW_DIR}/review.md`,
          `cat ${REVIEW_DIR}/review.md`,
          `export ${REVIEW_VARIABLES.needsApproval}=$(node -p "require('./${json}').gate.needsApproval")`,
          // An approval's message holds at most 500 characters.
          `export ${REVIEW_VARIABLES.summary}=$(node -p "require('./${json}').summaryLine.slice(0, 300)")`,
          `export ${REVIEW_VARIABLES.url}="$CODEBUILD_BUILD_URL"`,
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
 * and the rollout refuses it if it was built for another environment. It goes ahead with exactly
 * what the review stage listed (a person approved it when it needed approval).
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
          `npm run rollout -- --env "$SERVAPP_ENV" --template "${BUILT_TEMPLATE}" --artifact-bucket-prefix "$ARTIFACT_BUCKET_PREFIX" --approved-review ${REVIEW_DIR}/review.json`,
        ],
      },
    },
  });
}
