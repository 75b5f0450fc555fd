/**
 * A small YAML writer for buildspecs: CodeBuild reads YAML, and a reviewer reads the buildspec
 * in the template, so it is written as YAML (block style, every string double-quoted) rather
 * than as an escaped JSON string.
 */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

function scalar(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item !== 'object') return [`${indent}- ${scalar(item)}`];
      const [first = '', ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) =>
      typeof child === 'object'
        ? [`${indent}${key}:`, ...lines(child, `${indent}  `)]
        : [`${indent}${key}: ${scalar(child)}`],
    );
  }
  return [`${indent}${scalar(value)}`];
}

export function toYaml(value: { [key: string]: YamlValue }): string {
  return `${lines(value, '').join('\n')}\n`;
}
