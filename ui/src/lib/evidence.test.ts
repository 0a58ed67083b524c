import { describe, expect, it } from "vitest";
import { evidenceZh } from "./evidence";

const kinds: Record<string, string> = { disk: "硬盘", mac: "网卡", tool: "投标工具安装", person: "人员" };
const kind = (k: string) => kinds[k] ?? k;

describe("collusion evidence in Chinese", () => {
  it("reads every form the platform writes", () => {
    expect(evidenceZh("uploaded from 10.2.3.4", kind)).toBe("均从网络地址 10.2.3.4 上传");
    expect(evidenceZh("the same disk, mac (keyed hashes 1111…, 2222…), found by opening the sealed fingerprints", kind)).toBe(
      "相同的硬盘、网卡（加密散列 1111…, 2222…），由监督人员在本机解密机器指纹比对发现",
    );
    expect(evidenceZh("the same tool installation (keyed hash 4444…), found by opening the sealed fingerprints", kind)).toContain("投标工具安装");
    expect(evidenceZh("q2.pdf / t1.pdf (SHA-256 f1f15206a1043434…)", kind)).toBe(
      "附件完全相同：q2.pdf / t1.pdf（SHA-256 f1f15206a1043434…），且不是招标文件自带的文件",
    );
    expect(evidenceZh("lot L1: the 3 prices step by exactly 100000.00 (1, 2, 3)", kind)).toContain("等差");
    expect(evidenceZh("lot L1: all 4 prices lie within 0.5% under the ceiling 12800000.00 (12740000.00 to 12790000.00)", kind)).toContain(
      "0.5% 以内",
    );
  });

  it("leaves an unknown form as written", () => {
    expect(evidenceZh("something new", kind)).toBeNull();
  });
});
