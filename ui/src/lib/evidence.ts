// The evidence of a collusion alert in Chinese. The platform writes it in English (it is
// also read by the command line and kept in the log); the desk shows the known forms in
// the user's language and anything else as written.

const SEALED = /^the same (.+?) \(keyed hash(?:es)? (.+)\), found by opening the sealed fingerprints$/;

export function evidenceZh(text: string, kind: (k: string) => string): string | null {
  let m = text.match(/^uploaded from (.+)$/);
  if (m) return `均从网络地址 ${m[1]} 上传`;
  m = text.match(/^deposits paid from account (.+)$/);
  if (m) return `投标保证金均从账户 ${m[1]} 转出`;
  m = text.match(SEALED);
  if (m) {
    const what = m[1].startsWith("tool installation")
      ? kind("tool")
      : m[1].startsWith("person")
        ? kind("person")
        : m[1]
            .split(", ")
            .map((k) => kind(k))
            .join("、");
    return `相同的${what}（加密散列 ${m[2]}），由监督人员在本机解密机器指纹比对发现`;
  }
  m = text.match(/^lot (\S+): the (\d+) prices step by exactly (\S+) \((.+)\)$/);
  if (m) return `标段 ${m[1]}：${m[2]} 个报价呈等差排列，差额均为 ${m[3]} 元（${m[4]}）`;
  m = text.match(/^lot (\S+): all (\d+) prices lie within (\S+)% under the ceiling (\S+) \((\S+) to (\S+)\)$/);
  if (m) return `标段 ${m[1]}：全部 ${m[2]} 个报价均在最高投标限价 ${m[4]} 元以下 ${m[3]}% 以内（${m[5]} 至 ${m[6]} 元）`;
  m = text.match(/^(.+) \(SHA-256 (.+)\)$/);
  if (m) return `附件完全相同：${m[1]}（SHA-256 ${m[2]}），且不是招标文件自带的文件`;
  return null;
}
