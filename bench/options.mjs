// The bench's command line: flags given as `--name` (`npm run bench -- --name`) or through npm's
// config (`npm run bench --name`, which npm passes as npm_config_name=true), and numbers given
// as `--name=N` (or npm_config_name=N).

/**
 * @param {readonly string[]} argv
 * @param {Record<string, string | undefined>} env
 */
export function parseOptions(argv, env) {
  const envKey = (/** @type {string} */ name) => `npm_config_${name.replace(/-/g, '_')}`;
  const flag = (/** @type {string} */ name) =>
    argv.includes(`--${name}`) || ['true', '1'].includes(env[envKey(name)] ?? '');
  const value = (/** @type {string} */ name) =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(`--${name}=`.length) ?? env[envKey(name)];
  /** @param {string} name @returns {number | undefined} */
  const positiveInteger = (name) => {
    const text = value(name);
    if (text === undefined || text === '') return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} needs a whole number ≥ 1, not "${text}"`);
    return n;
  };
  const soakMinutes = positiveInteger('soak-minutes');
  return {
    quick: flag('quick'),
    strict: flag('strict'),
    // --soak-minutes alone asks for a soak too.
    soak: flag('soak') || soakMinutes !== undefined,
    soakMinutes,
    soakBudgetMb: positiveInteger('soak-budget-mb'),
    dist: argv.find((a) => a.startsWith('--dist='))?.slice('--dist='.length),
  };
}
