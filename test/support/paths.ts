export { REPO_ROOT } from '../../scripts/local/paths';
