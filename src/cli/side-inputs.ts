// What lint and scan read besides their main input, the same way for both: the target version
// flag, scanner reports and extra CRDs (from the configuration and the command line).
import type { ResolvedConfig } from "../engine/config.js";
import { loadCustomSchemas } from "../input/custom-schemas.js";
import { loadImageScans } from "../input/image-scans.js";
import type { ImageScan } from "../model/image-scans.js";
import { parseKubeVersion, targetVersionProblem, type KubeVersion } from "../model/kube-version.js";
import type { CustomSchema } from "../schemas/custom.js";

/** `--kube-version`: undefined when not given, a version, or the message that refuses it. */
export function kubeVersionFlag(text: string | undefined): { readonly version?: KubeVersion; readonly problem?: string } {
  if (text === undefined) return {};
  const version = parseKubeVersion(text);
  const problem = version === undefined ? `"${text}" is not a Kubernetes version such as 1.33` : targetVersionProblem(version);
  return problem !== undefined || version === undefined ? { problem: `--kube-version: ${problem ?? "invalid"}` } : { version };
}

export interface SideInputs {
  readonly imageScans: ImageScan[];
  readonly customSchemas: CustomSchema[];
  /** Files that could not be used, each a message: exit 2. */
  readonly problems: string[];
}

/** Scanner reports and CRDs: the configuration's (relative to its folder), then the command line's. */
export async function loadSideInputs(config: ResolvedConfig, configDir: string, cwd: string, flags: { readonly imageScan?: readonly string[]; readonly crds?: readonly string[] }): Promise<SideInputs> {
  const scans = await loadImageScans([...config.imageScans], configDir);
  const cliScans = await loadImageScans(flags.imageScan ?? [], cwd);
  const configCrds = await loadCustomSchemas([...config.crds], configDir);
  const cliCrds = await loadCustomSchemas(flags.crds ?? [], cwd);
  return {
    imageScans: [...scans.scans, ...cliScans.scans],
    customSchemas: [...configCrds.schemas, ...cliCrds.schemas],
    problems: [...scans.problems, ...cliScans.problems, ...configCrds.problems, ...cliCrds.problems],
  };
}
