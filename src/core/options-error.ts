/** A build option (or configuration value) that the template, CloudFormation or a service would refuse. */
export class OptionsError extends Error {
  override name = 'OptionsError';
}
