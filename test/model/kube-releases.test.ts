// The release table: every minor shipshape knows, dated consistently, and the end-of-life
// verdict the upgrade practice reports.
import { describe, expect, it } from "vitest";
import { COMPILED_ON, endOfLifeMessage, endOfLifeStatus, KUBE_RELEASES, minorsBehindNewest, releaseOf, supportedMinors } from "../../src/model/kube-releases.js";
import { formatKubeVersion, NEWEST_KUBE_VERSION, OLDEST_KNOWN_MINOR, type KubeVersion } from "../../src/model/kube-version.js";

const v = (minor: number): KubeVersion => ({ major: 1, minor });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe("the release table", () => {
  it("has every minor from the oldest to the newest shipshape knows, in order", () => {
    const expected: string[] = [];
    for (let minor = OLDEST_KNOWN_MINOR.minor; minor <= NEWEST_KUBE_VERSION.minor; minor++) expected.push(`1.${minor}`);
    expect(KUBE_RELEASES.map((r) => formatKubeVersion(r.version))).toEqual(expected);
  });

  it("dates each release before its end of life, releases in order, and marks future ends of life as planned", () => {
    expect(COMPILED_ON).toMatch(DATE);
    for (const [i, r] of KUBE_RELEASES.entries()) {
      expect(r.released).toMatch(DATE);
      expect(r.endOfLife).toMatch(DATE);
      expect(r.released < r.endOfLife, formatKubeVersion(r.version)).toBe(true);
      expect(r.released <= COMPILED_ON, `${formatKubeVersion(r.version)} released after the table was compiled`).toBe(true);
      expect(r.planned).toBe(r.endOfLife > COMPILED_ON);
      const previous = KUBE_RELEASES[i - 1];
      if (previous !== undefined) expect(previous.released < r.released).toBe(true);
    }
    expect(releaseOf(v(35))?.planned).toBe(true);
    expect(releaseOf(v(30))?.planned).toBe(false);
  });
});

describe("end of life", () => {
  it("reports a target past its end of life", () => {
    expect(endOfLifeStatus(v(30), "2026-11-27")).toMatchObject({ state: "end-of-life", release: { endOfLife: "2025-07-15" } });
    const message = endOfLifeMessage(v(30), "2026-11-27");
    expect(message).toContain("Kubernetes 1.30 reached end of life on 2025-07-15");
    expect(message).toContain("1.35, 1.36, 1.37");
  });

  it("counts the last day of support as supported", () => {
    expect(endOfLifeStatus(v(30), "2025-07-15").state).toBe("supported");
    expect(endOfLifeStatus(v(30), "2025-07-16").state).toBe("end-of-life");
    expect(endOfLifeMessage(v(30), "2025-07-15")).toBeUndefined();
  });

  it("says when the end of life passed was only a plan when the table was compiled", () => {
    expect(endOfLifeMessage(v(35), "2027-03-01")).toContain("was planned to reach end of life on 2027-02-28 (as of 2026-11-27)");
  });

  it("knows versions not released yet on a day, and versions it has no dates for", () => {
    expect(endOfLifeStatus(v(37), "2026-06-01").state).toBe("unreleased");
    expect(endOfLifeStatus(v(99), "2026-06-01").state).toBe("unknown");
    expect(endOfLifeMessage(v(99), "2030-01-01")).toBeUndefined();
  });

  it("lists the supported minors of a day", () => {
    expect(supportedMinors("2026-11-27").map(formatKubeVersion)).toEqual(["1.35", "1.36", "1.37"]);
    expect(supportedMinors("2021-05-01").map(formatKubeVersion)).toEqual(["1.18", "1.19", "1.20", "1.21"]);
  });

  it("counts how far a version is behind the newest", () => {
    expect(minorsBehindNewest(NEWEST_KUBE_VERSION)).toBe(0);
    expect(minorsBehindNewest(v(35), v(37))).toBe(2);
  });
});
