//! The one registry of error codes: every refusal, failure and alarm that the
//! server, the desktop app or the command line can report has a stable code
//! here, with its wording in Chinese (zh-CN, first) and English. Messages that
//! travel with a code carry the details (which file, which offset); the wording
//! here is what a person reads. The desktop's bindings export this table to the
//! window, and a test fails when code anywhere in the workspace reports a code
//! that is not in it.

macro_rules! codes {
    ($($variant:ident = $code:literal, $zh:literal, $en:literal;)*) => {
        /// A stable error code (see the module docs).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the registry's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as it travels (`upload.offset`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// What a person reads, in Chinese.
            pub fn zh(self) -> &'static str {
                match self {
                    $(Code::$variant => $zh,)*
                }
            }

            /// What a person reads, in English.
            pub fn en(self) -> &'static str {
                match self {
                    $(Code::$variant => $en,)*
                }
            }

            pub fn parse(code: &str) -> Option<Code> {
                match code {
                    $($code => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

codes! {
    AlertDecided = "alert.decided", "这条预警已有处理意见。", "This alert is decided already.";
    AlertDecision = "alert.decision", "处理意见不正确：须写明结论和理由，并由您签名。", "The decision is wrong: give the finding and the reasons, signed by you.";
    AlertNotFound = "alert.not_found", "没有这条预警。", "There is no such alert.";
    AlertRule = "alert.rule", "预警不正确：须列明至少两名投标人和依据。", "The alert is wrong: it names at least two bidders and its evidence.";
    AmountWords = "amount.words", "金额无法转换为大写，请检查金额格式。", "The amount cannot be written in words (大写); check its format.";
    AttachmentBadName = "attachment.bad_name", "附件名称不可用：不能含有路径或特殊字符。", "That attachment name cannot be used: no folders or special characters.";
    AttachmentCopy = "attachment.copy", "附件无法复制到投标草稿中，请检查磁盘空间和文件权限。", "The attachment could not be copied into the draft; check disk space and file permissions.";
    AttachmentDuplicate = "attachment.duplicate", "已有同名附件（不区分大小写）。", "Another attachment already has this name (letter case aside).";
    AttachmentFileMissing = "attachment.file_missing", "附件文件已不在草稿文件夹中，请重新附加。", "An attachment's file is no longer in the draft folder; attach it again.";
    AttachmentNotAFile = "attachment.not_a_file", "所选路径不是文件。", "The chosen path is not a file.";
    AttachmentUnknown = "attachment.unknown", "草稿中没有这个附件。", "The draft has no such attachment.";
    AuctionAlreadyHighest = "auction.already_highest", "您的报价已是最高价，须待他人报价后再加价。", "Your bid is the highest; wait for another bid.";
    AuctionAnnouncementDays = "auction.announcement_days", "土地和矿业权出让公告须在竞价开始 20 日前发布。", "Land and mining rights are announced 20 days before bidding starts.";
    AuctionBelowMinimum = "auction.below_minimum", "报价低于当前价加一个加价幅度。", "The bid is below the current price plus the increment.";
    AuctionConditions = "auction.conditions", "须确认符合公告载明的竞买条件。", "Accept the conditions the announcement states.";
    AuctionConfirmation = "auction.confirmation", "签署的成交确认书与平台生成的文本不一致。", "The signed confirmation is not the text the platform made.";
    AuctionCountdown = "auction.countdown", "限时竞价的倒计时须在 60 至 1800 秒之间。", "The countdown must be 60 to 1800 seconds.";
    AuctionDisclosureDays = "auction.disclosure_days", "国有产权须公开披露不少于 20 个工作日后方可竞价。", "State property is disclosed for 20 working days before bidding.";
    AuctionDutch = "auction.dutch", "减价竞价的设置不正确（仅适用于国有产权）。", "The descending auction's settings are wrong (state property only).";
    AuctionEnded = "auction.ended", "竞价已结束（以服务器时间为准）。", "Bidding has ended (by the server's clock).";
    AuctionExists = "auction.exists", "该项目编号的交易已经公告。", "An auction with that code was announced already.";
    AuctionField = "auction.field", "交易公告缺少必填内容。", "The announcement lacks a required part.";
    AuctionFormat = "auction.format", "交易公告的格式版本不受支持。", "The terms' format version is not supported.";
    AuctionGoOnClosed = "auction.go_on_closed", "挂牌已截止，不能再申请参加限时竞价。", "The listing has closed; it is too late to ask for timed bidding.";
    AuctionGoOnWithoutBid = "auction.go_on_without_bid", "挂牌期间未报价，不能申请参加限时竞价。", "Only a bidder who bid during the listing may go on to timed bidding.";
    AuctionId = "auction.id", "项目编号须为 1–64 位字母、数字、- 或 _。", "The project code is 1–64 letters, digits, - or _.";
    AuctionListingDays = "auction.listing_days", "挂牌时间不得少于 10 个工作日。", "A listing stays open for at least 10 working days.";
    AuctionListingEnds = "auction.listing_ends", "挂牌或一次报价的截止时间不正确。", "The listing's or the sealed round's close is wrong.";
    AuctionMode = "auction.mode", "本场交易方式不支持此操作。", "This trading mode does not take that step.";
    AuctionNoSale = "auction.no_sale", "本项目流拍，没有成交确认书。", "No sale: there is no confirmation.";
    AuctionNotCustodian = "auction.not_custodian", "您不是本项目底价的保管人。", "You are not a custodian of this auction's reserve.";
    AuctionNotEnded = "auction.not_ended", "竞价尚未结束，不能确定结果。", "Bidding has not ended; there is no outcome yet.";
    AuctionNotFound = "auction.not_found", "没有这个交易项目。", "There is no such auction.";
    AuctionNotMultiple = "auction.not_multiple", "报价须为起始价加整数倍加价幅度。", "The bid must be the starting price plus whole increments.";
    AuctionNotParty = "auction.not_party", "只有交易中心和竞得人签署成交确认书。", "Only the centre and the buyer sign the confirmation.";
    AuctionNotRegistered = "auction.not_registered", "您尚未申请参加该项目竞买。", "You have not applied to bid in this auction.";
    AuctionNotStarted = "auction.not_started", "竞价尚未开始。", "Bidding has not started.";
    AuctionPrice = "auction.price", "起始价、加价幅度或保证金不正确。", "The starting price, the increment or the deposit is wrong.";
    AuctionPublicityDays = "auction.publicity_days", "成交结果在门户网站公示（国有产权5个工作日，土地、矿业权10个工作日）。", "The result is public on the portal (state property 5 working days, land and mining rights 10).";
    AuctionRefundDays = "auction.refund_days", "未竞得人的保证金在竞价结束后5个工作日内退还，竞得人的保证金转作成交价款。", "The deposits of those who did not win are returned within 5 working days of the end; the winner's deposit becomes part of the price.";
    AuctionRegistrationClosed = "auction.registration_closed", "竞买报名已截止。", "Registration has closed.";
    AuctionRegistrationDeadline = "auction.registration_deadline", "竞买报名截止时间不正确。", "The registration deadline is wrong.";
    AuctionRehearsal = "auction.rehearsal", "演练平台只接受模拟竞价项目，正式平台不接受模拟竞价项目。", "A rehearsal platform takes only rehearsals; a real one takes none.";
    AuctionReplayOrder = "auction.replay_order", "竞价记录的时间顺序有误。", "The recorded steps are out of time order.";
    AuctionReplayPrice = "auction.replay_price", "记录的应价与当时的减价价格不符。", "The recorded acceptance is not the descending price of its time.";
    AuctionReserve = "auction.reserve", "底价密封有误。", "The sealed reserve is refused.";
    AuctionReserveFixed = "auction.reserve_fixed", "竞价已开始，底价不能再更改。", "Bidding has started: the reserve can no longer be changed.";
    AuctionReserveMissing = "auction.reserve_missing", "本项目未密封底价。", "No reserve was sealed for this auction.";
    AuctionReservePending = "auction.reserve_pending", "竞价已结束，正在等待保管人释放底价份额。", "Bidding has ended; the custodians' shares of the reserve are awaited.";
    AuctionResume = "auction.resume", "服务器中断后竞价恢复：正在进行的倒计时从恢复时起重新完整计时，挂牌截止落在中断期间的顺延，降价时间表顺延中断时长；中断前的报价有效。", "After a server outage bidding resumes: a running countdown starts again in full at the restart, a close the outage took in moves after it, a descending schedule moves on by the outage; bids before it stand.";
    AuctionSealedTwice = "auction.sealed_twice", "一次报价每位竞买人只能报价一次。", "A sealed round takes one price from each bidder.";
    AuctionShareInvalid = "auction.share_invalid", "释放的份额与密封底价的承诺不符。", "The released share does not match the sealed reserve's commitments.";
    AuctionShareReleased = "auction.share_released", "您已释放过底价份额。", "You have released your share already.";
    AuctionSigned = "auction.signed", "您已签署过成交确认书。", "You have signed the confirmation already.";
    AuctionStatement = "auction.statement", "报价声明与本场交易不符。", "The bid statement does not match this auction.";
    AuctionSuspended = "auction.suspended", "密封底价无法开启，项目已中止，由交易中心处理。", "The sealed reserve does not open: the auction is suspended for the centre to decide.";
    AuctionTimedNotEligible = "auction.timed_not_eligible", "只有在挂牌期间报过价的竞买人才能参加限时竞价。", "Timed bidding is for bidders who bid during the listing.";
    AuctionVerify = "auction.verify", "竞价记录核验未通过。", "The auction record does not verify.";
    AuditChain = "audit.chain", "告警：审计记录与透明日志中记录的链头不一致，审计记录被改动过。", "ALARM: the audit trail does not match the chain head the log recorded; it was altered.";
    AuditSearch = "audit.search", "审计查询条件有误：时间须为日期或 RFC 3339 时间。", "The audit search is wrong: times are dates or RFC 3339 times.";
    AuthExpired = "auth.expired", "登录已过期，请重新登录。", "Your login has expired; log in again.";
    AuthFailed = "auth.failed", "登录失败：身份未知、挑战已过期或签名无效。", "Login failed: unknown identity, expired challenge, or invalid signature.";
    AuthInvalid = "auth.invalid", "登录凭证无效，请重新登录。", "The login token is not valid; log in again.";
    AuthMalformed = "auth.malformed", "登录凭证格式不正确。", "The login token is malformed.";
    AuthMissing = "auth.missing", "此操作需要先登录。", "Log in first.";
    AuthNotApproved = "auth.not_approved", "该身份尚未通过交易中心审核。", "This identity is not approved by the trading centre yet.";
    AuthOrigin = "auth.origin", "登录签名所针对的平台地址不是本平台，可能是仿冒平台转发。", "The login was signed for another server address; a look-alike server may be relaying it.";
    AuthRole = "auth.role", "您的身份没有此操作所需的角色。", "Your identity does not have the role this needs.";
    BenchLost = "bench.lost", "压力测试中有投标未取得经核验的回执。", "Not every bid in the load run got a verified receipt.";
    BenchMismatch = "bench.mismatch", "基准测试中打开的投标文件与固化时不一致。", "The bid opened in the benchmark differs from the one sealed.";
    BenchPortal = "bench.portal", "基准测试中有门户页面未正常返回。", "Some portal pages did not answer during the bench.";
    BenchServer = "bench.server", "无法启动基准测试所需的交易服务器。", "The trading server for the benchmark could not be started.";
    AvoidAgency = "avoid.agency", "回避：专家任职于本项目的招标代理机构。", "Stands aside: the expert works for the tender's agency.";
    AvoidBidder = "avoid.bidder", "回避：专家任职于本项目的投标人。", "Stands aside: the expert works for a bidder of the tender.";
    AvoidBlacklisted = "avoid.blacklisted", "回避：专家在信用黑名单中。", "Stands aside: the expert is on a credit blacklist.";
    AvoidFrequency = "avoid.frequency", "回避：专家在规定期间内被抽取次数已达上限。", "Stands aside: the expert was drawn the maximum number of times in the period.";
    AvoidNamed = "avoid.named", "回避：招标项目指明该专家回避。", "Stands aside: the tender names the expert for exclusion.";
    AvoidRemoved = "avoid.removed", "回避：专家已被清退出库。", "Stands aside: the expert was removed from the library.";
    AvoidSameTenderer = "avoid.same_tenderer", "回避：专家近期评审过同一招标人的项目。", "Stands aside: the expert recently evaluated a tender of the same tenderer.";
    AvoidSuspended = "avoid.suspended", "回避：专家处于暂停期。", "Stands aside: the expert is suspended.";
    AvoidTenderer = "avoid.tenderer", "回避：专家任职于招标人。", "Stands aside: the expert works for the tenderer.";
    AvoidUnavailable = "avoid.unavailable", "回避：专家在评标当日不能参加。", "Stands aside: the expert is unavailable on the evaluation day.";
    BackupInvalid = "backup.invalid", "备份文件无法恢复：口令不正确，或文件已损坏或不是 Tenderbox 备份。", "The backup cannot be restored: wrong passphrase, or the file is damaged or not a Tenderbox backup.";
    BackupPassphrase = "backup.passphrase", "备份口令至少需要 8 个字符。", "The backup passphrase needs at least 8 characters.";
    BackupWrite = "backup.write", "备份文件无法写入。", "The backup file cannot be written.";
    BidBadEnvelope = "bid.bad_envelope", "投标文件的加密信封无效。", "The bid's sealed envelope is not valid.";
    BidFileMissing = "bid.file_missing", "本机找不到您已递交的投标文件。", "The sealed file of your delivered bid is not on this computer.";
    BidIncomplete = "bid.incomplete", "投标文件还不完整，请按完整性检查补齐后再固化。", "The bid is not complete yet; finish the completeness list, then seal.";
    BidLate = "bid.late", "已过投标截止时间（以平台服务器时间为准）。", "The submission deadline has passed (by the platform server's time).";
    BidMissingStanza = "bid.missing_stanza", "投标文件缺少本项目要求的解密分段。", "The bid lacks a decryption stanza this tender requires.";
    BidNotEncrypted = "bid.not_encrypted", "平台只接受加密的投标文件。", "The platform accepts only sealed (encrypted) bids.";
    BidNotFound = "bid.not_found", "您在该项目没有有效的投标。", "You have no active bid in this tender.";
    BidNotSealed = "bid.not_sealed", "请先固化并加密投标文件，再提交。", "Finalise and seal the bid before submitting it.";
    BidSeal = "bid.seal", "固化加密失败。", "Sealing the bid failed.";
    BidSupersedes = "bid.supersedes", "平台上的有效投标与您签名替换的投标不一致，请刷新后重新递交。", "Your active bid on the platform is not the one your signed submission replaces; refresh and submit again.";
    BidWrongBidder = "bid.wrong_bidder", "投标文件中的投标人不是您。", "The bid names another bidder, not you.";
    BidWrongCommittee = "bid.wrong_committee", "委员会解密分段不是加密给本项目委员会公钥的。", "The committee stanza is not addressed to this tender's committee key.";
    BidWrongRecipient = "bid.wrong_recipient", "投标人解密分段不是加密给您登记的加密公钥，开标时您将无法解密。", "The bidder stanza is not addressed to your registered key; you could not decrypt it at the opening.";
    BidWrongTender = "bid.wrong_tender", "投标文件是为另一个项目加密的。", "The bid is sealed for another tender.";
    CalendarDate = "calendar.date", "日期格式不正确（应为 YYYY-MM-DD）。", "The date is not written YYYY-MM-DD.";
    CalendarKind = "calendar.kind", "日期类型须为 holiday（放假）或 workday（调休上班）。", "The kind is holiday or workday.";
    CalendarNotFound = "calendar.not_found", "节假日日历中没有这一天。", "The calendar has no entry for that date.";
    CalendarNote = "calendar.note", "请注明该日的名称（如国庆节、调休上班）。", "Say what the notice calls the day.";
    CertificateInvalid = "certificate.invalid", "平台证书无法核验（格式、签发密钥或签名不符）。", "A platform certificate does not verify (its form, issuing key or signature).";
    ClarificationAnswered = "clarification.answered", "该问题已经答复。", "This question is already answered.";
    ClarificationClosed = "clarification.closed", "已过投标截止时间，不再接受澄清问题。", "The deadline has passed; questions are closed.";
    ClarificationDue = "clarification.due", "答复截止时间必须晚于现在。", "The answer must be due after now.";
    ClarificationEmpty = "clarification.empty", "请填写内容。", "Write the text.";
    ClarificationMismatch = "clarification.mismatch", "签名的答复与该问题、项目或投标人不符。", "The signed answer is not for this question, tender and bidder.";
    ClarificationNotFound = "clarification.not_found", "没有这个问题。", "No such question.";
    ClarificationTooLong = "clarification.too_long", "内容过长（最多 2000 字）。", "The text is too long (at most 2000 characters).";
    CommitteeAuthor = "committee.author", "仪式消息中的保管人与您的身份不符。", "The ceremony message names another custodian than you.";
    CommitteeBadPartial = "committee.bad_partial", "部分解密的保管人编号与发送者不符。", "A partial decryption is labelled with another custodian.";
    CommitteeBadShare = "committee.bad_share", "委员会密钥分片无效。", "A committee key share is not valid.";
    CommitteeBadStanza = "committee.bad_stanza", "委员会解密分段格式不正确。", "A committee stanza is malformed.";
    CommitteeCeremony = "committee.ceremony", "委员会密钥仪式的记录无效。", "The committee key ceremony's record is not valid.";
    CommitteeClosed = "committee.closed", "本项目的密钥仪式已结束。", "This tender's key ceremony is over.";
    CommitteeCustodians = "committee.custodians", "保管人名单或其平台证书不符合要求。", "The custodians or their platform certificates are not in order.";
    CommitteeDisqualified = "committee.disqualified", "您已失去本次密钥仪式中的席位。", "You lost your seat in this ceremony.";
    CommitteeIncomplete = "committee.incomplete", "密钥仪式尚未完成。", "The key ceremony is not finished.";
    CommitteeKeyMismatch = "committee.key_mismatch", "委员会公钥只能由保管人的密钥仪式产生，再由变更公告设置。", "The committee key comes only from the custodians' ceremony, then an amendment sets it.";
    CommitteeNoKey = "committee.no_key", "密钥仪式尚未产生委员会公钥。", "The ceremony has not produced a committee key yet.";
    CommitteeNoStanza = "committee.no_stanza", "该投标文件没有委员会解密分段。", "This bid has no committee stanza.";
    CommitteeNone = "committee.none", "该项目没有委员会密钥。", "This tender has no committee key.";
    CommitteeNotApplicable = "committee.not_applicable", "该投标不属于保管人解密的范围：投标人没有申请委员会解密。", "This bid is not for the custodians to open: nobody asked for the committee remedy.";
    CommitteeNotCustodian = "committee.not_custodian", "您不是该项目的密钥保管人。", "You are not a custodian of this tender.";
    CommitteePartial = "committee.partial", "部分解密无效。", "The partial decryption is not valid.";
    CommitteeRefused = "committee.refused", "平台拒绝了该仪式消息。", "The platform refused the ceremony message.";
    CommitteeRepeated = "committee.repeated", "您已经在本次仪式中发送过这一步。", "You have already sent this step in this ceremony.";
    CommitteeSignature = "committee.signature", "仪式消息的签名无效。", "The ceremony message's signature is not valid.";
    CommitteeSubstituted = "committee.substituted", "告警：平台显示的以您名义发出的分发不是您制作的。", "ALARM: the server shows a deal in your name that you did not make.";
    CommitteeUnverified = "committee.unverified", "委员会公钥无法由签名的仪式记录验证。", "The committee key cannot be verified from the signed ceremony record.";
    ComplaintAcceptance = "complaint.acceptance", "受理决定不正确：须写明理由，并由您签名。", "The acceptance decision is wrong: give the reasons, signed by you.";
    ComplaintDecided = "complaint.decided", "该投诉已作出处理决定，材料已封存。", "The complaint is decided; its file is closed.";
    ComplaintDecision = "complaint.decision", "处理决定不正确：须写明结论、理由，投诉成立时写明处理措施。", "The decision is wrong: give the finding, the reasons, and the measures when upheld.";
    ComplaintField = "complaint.field", "投诉书填写不完整或有误：请按提示修改。", "The complaint is incomplete or wrong: correct the field named.";
    ComplaintFile = "complaint.file", "投诉附件不符合要求：文件名、大小或哈希有误。", "A complaint file is not acceptable: its name, size or hash is wrong.";
    ComplaintHandled = "complaint.handled", "该投诉已作出此项决定，不能重复处理。", "That decision on the complaint is made already.";
    ComplaintLate = "complaint.late", "投诉超过投诉时效，只能不予受理。", "The complaint was filed after its time limit; it can only be not accepted.";
    ComplaintNotAccepted = "complaint.not_accepted", "投诉尚未受理，不能作出处理决定。", "The complaint must be accepted before it is decided.";
    ComplaintNotFound = "complaint.not_found", "没有该投诉，或您无权查看。", "There is no such complaint, or it is not yours to see.";
    ConflictExists = "conflict.exists", "已存在相同的记录。", "A record with the same key already exists.";
    ConsortiumMember = "consortium.member", "联合体成员有误：须为有效的统一社会信用代码和登记名称，且不得重复。", "A consortium member is wrong: a valid credit code and the registered name, listed once.";
    ContractDate = "contract.date", "合同签订时间应在定标之后、不晚于现在。", "The contract is signed after the award and not in the future.";
    ContractNotAwarded = "contract.not_awarded", "尚未定标，不能记录合同签订。", "The tender is not awarded: no contract can be recorded.";
    ContractRecorded = "contract.recorded", "合同签订已记录。", "The contract signing is recorded already.";
    CreditBarredAgency = "credit.barred_agency", "该代理机构在信用库中被限制从事代理业务，不能发布招标公告。", "This agency is barred from agency work by a credit record and cannot publish.";
    CreditBarredBidder = "credit.barred_bidder", "该主体在信用库中被限制投标，不能提交投标文件。", "This entity is barred from bidding by a credit record.";
    CreditBarredConsortiumMember = "credit.barred_consortium_member", "联合体成员在信用库中被限制投标，该联合体不能投标。", "A consortium member is barred from bidding by a credit record, so the consortium is barred.";
    CreditBarredExpert = "credit.barred_expert", "该专家在信用库中被限制参加评标。", "This expert is barred from evaluation by a credit record.";
    CreditCsv = "credit.csv", "信用记录文件无法读取，请检查表头和列数。", "The credit file cannot be read; check its header and columns.";
    CreditDate = "credit.date", "日期不正确，应为 YYYY-MM-DD，且结束日期不早于开始日期。", "A date is wrong: use YYYY-MM-DD, the end not before the start.";
    CreditDuplicate = "credit.duplicate", "同一条信用记录重复出现。", "The same credit record appears twice.";
    CreditField = "credit.field", "信用记录缺少必填内容。", "A credit record is missing a required field.";
    CreditFormat = "credit.format", "信用记录的格式版本不受支持。", "This credit record format is not supported.";
    CreditImport = "credit.import", "信用记录导入失败：有错误的行，未导入任何记录。", "The credit import failed: some rows are wrong, nothing was imported.";
    CreditKind = "credit.kind", "信用记录类别不正确（守信、失信或严重失信）。", "The credit record kind is wrong (good, bad or serious).";
    CreditNotFound = "credit.not_found", "没有这条信用记录。", "There is no such credit record.";
    CreditObjection = "credit.objection", "异议不能受理。", "The objection cannot be accepted.";
    CreditRestriction = "credit.restriction", "限制措施不正确。", "The restriction is wrong.";
    CreditSignature = "credit.signature", "签名不是由您的身份对该文件作出的。", "The signature is not your identity's over this document.";
    CreditState = "credit.state", "这条信用记录已被撤销或更正，不能再修改。", "This credit record has been revoked or corrected and cannot be changed again.";
    CreditSubject = "credit.subject", "信用主体代码不正确。", "The credit subject's code is wrong.";
    CriterionId = "criterion.id", "评分项编号为空或重复。", "A scoring criterion id is empty or repeated.";
    CriterionPoints = "criterion.points", "评分项分值不正确。", "A scoring criterion's points are not valid.";
    CriterionUnknown = "criterion.unknown", "招标文件中没有这个评分项。", "The tender has no such scoring criterion.";
    CustodiansDuplicate = "custodians.duplicate", "同一身份不能占用两个保管人席位。", "One identity cannot hold two custodian seats.";
    CustodiansThreshold = "custodians.threshold", "门限不正确：至少 3 名保管人、门限不小于 2 且不大于保管人数。", "The threshold is not valid: at least 3 custodians, threshold 2 or more and at most their number.";
    DataCopy = "data.copy", "复制到新文件夹的数据核对不一致，已放弃移动，原文件夹不变。", "The copy in the new folder did not check out; the move was abandoned and the current folder is unchanged.";
    DataTarget = "data.target", "新的数据文件夹不可用（须为完整路径、新建或空文件夹，且不在当前文件夹内）。", "The new data folder cannot be used (a full path to a new or empty folder, not inside the current one).";
    DepositAppliedToPrice = "deposit.applied_to_price", "竞得人的保证金已转作成交价款，不予退还。", "The winner's deposit is part of the price; it is not returned.";
    DepositImport = "deposit.import", "银行流水导入失败：有错误的行，未记录任何保证金。", "The bank statement import failed: some rows are wrong, nothing was recorded.";
    DepositNotDue = "deposit.not_due", "保证金尚未到退还时间。", "The deposit is not due back yet.";
    DepositNotFound = "deposit.not_found", "没有这笔保证金。", "There is no such deposit.";
    DepositReference = "deposit.reference", "付款附言不对应任何投标，请退回付款人。", "The transfer reference matches no bid; return it to the payer.";
    DepositRefund = "deposit.refund", "退还记录不正确。", "The refund record is wrong.";
    DepositStatement = "deposit.statement", "银行流水的行不正确。", "A bank statement row is wrong.";
    DraftDamaged = "draft.damaged", "投标草稿已损坏。", "The bid draft is damaged.";
    DraftExists = "draft.exists", "该文件夹中已有投标草稿。", "A bid draft already exists in that folder.";
    DraftFormat = "draft.format", "投标草稿的格式版本不受支持。", "The bid draft's format version is not supported.";
    DraftIncomplete = "draft.incomplete", "投标草稿尚未完成。", "The bid draft is incomplete.";
    DraftNotADraft = "draft.not_a_draft", "该文件夹不是投标草稿。", "That folder is not a bid draft.";
    DraftSupervision = "draft.supervision", "草稿中的监管机构证书无效。", "The supervision certificates kept with the draft are not valid.";
    DrawAnswerLate = "draw.answer_late", "答复期限已过，本次邀请已失效。", "The time to answer has passed; the invitation lapsed.";
    DrawAnswerMinutes = "draw.answer_minutes", "专家答复时限须为 5 至 1440 分钟。", "Experts answer within 5 to 1440 minutes.";
    DrawAnswered = "draw.answered", "该邀请已经答复过。", "This invitation was answered already.";
    DrawDeclineReason = "draw.decline_reason", "请填写不能参加的理由（仅交易中心可见）。", "Give the reason you cannot serve (only the centre sees it).";
    DrawEntropy = "draw.entropy", "监督员随机数须为 1 至 256 字节（十六进制）。", "The supervisor's entropy must be 1 to 256 bytes, as hex.";
    DrawExclusion = "draw.exclusion", "指定回避的专家须写明理由。", "Give the reason to exclude the named expert.";
    DrawInvalid = "draw.invalid", "抽取申请不符合规定。", "The committee request is not valid.";
    DrawLot = "draw.lot", "该项目没有这个标段。", "The tender has no such lot.";
    DrawNotFound = "draw.not_found", "没有这次抽取（或这份邀请）。", "No such draw (or invitation).";
    DrawNotRevealed = "draw.not_revealed", "抽取结果尚未公开：评标结束、结果公布后才能评价专家。", "The draw is not revealed yet: experts are rated after the evaluation.";
    DrawNotYours = "draw.not_yours", "这份邀请是发给另一位专家的。", "This invitation is for another expert.";
    DrawSettings = "draw.settings", "抽取设置不合理：每个周期至少允许抽取 1 次，周期不超过 366 天。", "The draw settings are not sensible: at least one draw per window, windows of at most 366 days.";
    DrawStart = "draw.start", "评标开始时间已过。", "The evaluation start time has passed.";
    DrawState = "draw.state", "这次抽取当前的状态不允许此操作。", "The draw is not in a state that allows this.";
    DrawTender = "draw.tender", "该项目已终止或失败，没有评标。", "The tender was cancelled or failed; there is no evaluation.";
    DrawTooEarly = "draw.too_early", "评标委员会名单在评标开始前保密，尚不能公开。", "The committee stays confidential until the evaluation; it cannot be revealed yet.";
    DrawVenues = "draw.venues", "评标场地不对：须有且只有一个主场，均为本平台的交易中心，每个场地都要抽取专家。", "The venues are not right: exactly one main venue, each a centre of the platform, each with experts to draw.";
    DrawVerify = "draw.verify", "抽取验证未通过：公开的数据与日志中记录的不一致。", "The draw does not verify: the published data does not match what the log recorded.";
    DurationMissing = "duration.missing", "请填写工期（天）。", "Enter the construction period (days).";
    DrawCounts = "draw.counts", "各专业抽取人数之和须等于委员会中的专家人数。", "The experts per specialty must add up to the committee's experts.";
    DrawExpertsShare = "draw.experts_share", "技术、经济等方面的专家不得少于成员总数的三分之二。", "Technical and economic experts must be at least two thirds of the committee.";
    DrawReserves = "draw.reserves", "每个专业最多抽取 2 名候补专家。", "At most 2 reserve experts per specialty.";
    DrawSize = "draw.size", "评标委员会成员人数须为 5 人以上单数。", "A committee has 5 or more members, an odd number.";
    EnvelopeBadHeader = "envelope.bad_header", "加密信封的文件头无效。", "The envelope header is not valid.";
    EnvelopeCorrupt = "envelope.corrupt", "加密信封已损坏或被篡改。", "The envelope is damaged or was tampered with.";
    EnvelopeDuplicate = "envelope.duplicate", "加密信封中有重复的解密分段。", "The envelope has a repeated stanza.";
    EnvelopeHeaderMac = "envelope.header_mac", "加密信封的文件头校验失败。", "The envelope header's MAC does not verify.";
    EnvelopeMissingStanza = "envelope.missing_stanza", "加密信封缺少必需的解密分段。", "The envelope lacks a required stanza.";
    EnvelopeNoCommitteeKey = "envelope.no_committee_key", "项目还没有委员会公钥，无法加密到委员会。", "The tender has no committee key to seal to yet.";
    EnvelopeNoMatchingStanza = "envelope.no_matching_stanza", "没有可用您的密钥打开的解密分段。", "No stanza opens with your key.";
    EnvelopeNotEnvelope = "envelope.not_envelope", "这不是 Tenderbox 加密投标文件。", "This is not a Tenderbox sealed envelope.";
    EnvelopeSuite = "envelope.suite", "加密信封使用了不支持的算法套件。", "The envelope uses an unsupported algorithm suite.";
    EnvelopeTruncated = "envelope.truncated", "加密信封不完整（文件被截断）。", "The envelope is truncated.";
    EnvelopeUnencrypted = "envelope.unencrypted", "投标文件未加密。", "The bid is not encrypted.";
    EnvelopeVersion = "envelope.version", "加密信封的版本不受支持。", "The envelope version is not supported.";
    EvaluationBidUnverified = "evaluation.bid_unverified", "投标文件未通过本机验证（文件哈希、投标人签名或解密密钥不符），不予显示。", "A bid did not verify on this computer (file hash, bidder signature or key), so it is not shown.";
    EvaluationBidder = "evaluation.bidder", "该单位不是本项目的投标人。", "That company is not a bidder of this tender.";
    EvaluationCandidate = "evaluation.candidate", "只能选举已声明无回避事由的委员会成员为主任委员。", "Only a member who declared no conflict can be elected chair.";
    EvaluationChairElected = "evaluation.chair_elected", "主任委员已经选出。", "The chair is elected already.";
    EvaluationChairOnly = "evaluation.chair_only", "由主任委员代表评标委员会向投标人发出澄清问题。", "The chair sends the committee's questions.";
    EvaluationClosed = "evaluation.closed", "评标报告已经定稿，评标已结束：投标文件和评分表不再开放。", "The evaluation is over: its report is final and the bids and sheets are closed.";
    EvaluationDeclareFirst = "evaluation.declare_first", "请先就各投标人声明有无回避事由，再参加投票。", "Declare your conflicts with the bidders before voting.";
    EvaluationDeclared = "evaluation.declared", "您已经作出回避声明。", "You declared already.";
    EvaluationDeclaredConflict = "evaluation.declared_conflict", "成员自行声明回避，已退出评标委员会。", "The member declared a conflict and left the committee.";
    EvaluationInvalid = "evaluation.invalid", "提交的评标材料不符合要求。", "What was submitted for the evaluation is not valid.";
    EvaluationLeft = "evaluation.left", "您已声明回避并退出本项目的评标委员会。", "You declared a conflict and left this committee.";
    EvaluationNoBid = "evaluation.no_bid", "本项目没有这份已开标的投标文件。", "No such opened bid in this tender.";
    EvaluationNoCommittee = "evaluation.no_committee", "本项目还没有抽取评标委员会。", "No committee has been drawn for this tender yet.";
    EvaluationNoRequest = "evaluation.no_request", "超过三分之一的成员认为时间不够时，方可延长评标时间。", "The evaluation is extended only when more than a third of the members say the time is too short.";
    EvaluationNotDeviating = "evaluation.not_deviating", "您对该投标人的评分没有超出招标文件规定的偏离度，无需说明。", "Your score for that bidder does not deviate beyond the tender's threshold.";
    EvaluationNotMember = "evaluation.not_member", "只有本项目评标委员会的成员（以及交易中心管理员、监督人员）可以进入评标。", "Only the committee of this tender (and centre admins and supervisors) take part in the evaluation.";
    EvaluationNotOpened = "evaluation.not_opened", "本项目尚未形成开标记录，开标之后才能评标。", "The tender has no opening record yet: the evaluation follows the opening.";
    EvaluationNotStarted = "evaluation.not_started", "评标尚未开始。", "The evaluation has not started yet.";
    EvaluationNotTied = "evaluation.not_tied", "该标段没有需要确定的并列情形。", "The lot has no open tie to decide.";
    EvaluationNoteTooLong = "evaluation.note_too_long", "理由或说明最多 1000 字。", "A reason or comment has at most 1000 characters.";
    EvaluationReason = "evaluation.reason", "请写明理由。", "Give the reason.";
    EvaluationReportExists = "evaluation.report_exists", "评标报告已经生成，不能再修改评审内容。", "The report is drawn up; the evaluation can no longer change.";
    EvaluationRepresentative = "evaluation.representative", "招标人代表须为招标人本单位已审核通过的身份。", "The representative must be an approved identity of the tenderer.";
    EvaluationRepresentativesFull = "evaluation.representatives_full", "评标委员会为招标人代表保留的席位已全部委派。", "The committee's seats for the tenderer's representatives are all appointed.";
    EvaluationVoted = "evaluation.voted", "您已经投过票。", "You voted already.";
    ExchangeNotConfigured = "exchange.not_configured", "没有配置省级平台的接收地址，数据不推送。", "No provincial endpoint is configured; nothing is pushed.";
    ExpertAvailability = "expert.availability", "请按 YYYY-MM-DD 填写不能参加评标的日期（最多 366 天）。", "Give the days the expert cannot serve as YYYY-MM-DD (at most 366).";
    ExpertCentre = "expert.centre", "所属中心不是本平台的交易中心（如 HZ、HZ-WX）。", "The centre is not one of the platform's (e.g. HZ, HZ-WX).";
    ExpertCsv = "expert.csv", "文件格式不对：首行须为规定的列名，每行 10 列，UTF-8 编码。", "The file is not in the format: the first line names the columns, 10 columns a row, UTF-8.";
    ExpertDuplicate = "expert.duplicate", "专家编号重复（文件中已出现，或已在专家库中）。", "The expert's code is repeated (earlier in the file, or already in the library).";
    ExpertField = "expert.field", "该项缺失或格式不正确。", "The value is missing or not in its format.";
    ExpertImport = "expert.import", "导入文件中有不合格的行，未导入任何专家；请按行号修改后重新导入。", "Some rows of the file are not right, so no expert was imported; fix them by their line numbers and import again.";
    ExpertLink = "expert.link", "该身份不能关联到这位专家：须为已批准的评标专家身份，姓名和单位信用代码须与专家库一致。", "This identity cannot be linked to the expert: it must be an approved evaluator with the same name and employer code as the library.";
    ExpertNotFound = "expert.not_found", "专家库中没有这位专家。", "No such expert in the library.";
    ExpertReason = "expert.reason", "请填写变更理由。", "Give the reason for the change.";
    ExpertRemoved = "expert.removed", "该专家已被清退出库，不能再变更。", "The expert was removed from the library and cannot be changed.";
    ExpertSpecialty = "expert.specialty", "请填写 1 至 4 个专业代码（如 A08、A0801）。", "Give one to four specialty codes (e.g. A08, A0801).";
    ExpertStatus = "expert.status", "专家状态须为在库、暂停（须写明截止日期）或清退。", "The status must be active, suspended (with its end) or removed.";
    ExpertTitle = "expert.title", "评标专家须具有高级职称或同等专业水平。", "An evaluation expert needs a senior title.";
    ExpertYears = "expert.years", "评标专家须从事相关领域工作满 8 年。", "An evaluation expert needs 8 years in the field.";
    FileBody = "file.body", "文件传输中断，请重试。", "The file transfer was cut off; try again.";
    FileChanged = "file.changed", "文件在列入清单后被修改过。", "The file changed after it was listed.";
    FileDuplicate = "file.duplicate", "招标文件包中有同名文件。", "Two package files have the same name.";
    FileEmpty = "file.empty", "文件为空。", "The file is empty.";
    FileHashMismatch = "file.hash_mismatch", "下载的文件与签名的招标文件所列哈希不符，已丢弃。", "The downloaded file does not match the hash the signed tender lists; it was discarded.";
    FileMissing = "file.missing", "找不到招标文件包中的文件。", "A package file is missing.";
    FileName = "file.name", "文件名不可用。", "The file name cannot be used.";
    FileNotFound = "file.not_found", "该项目没有这个文件。", "The tender lists no such file.";
    FileRange = "file.range", "请求的文件范围无效。", "The requested file range is not valid.";
    FileSize = "file.size", "文件大小与招标文件所列不符。", "The file size differs from what the tender lists.";
    FileTooLarge = "file.too_large", "文件超过大小上限。", "The file is too large.";
    GuaranteeExists = "guarantee.exists", "该保函编号已出具过。", "This guarantee number was issued already.";
    GuaranteeLate = "guarantee.late", "投标截止时间已过，保函不能再出具或撤销。", "The deadline has passed: the guarantee can no longer be issued or revoked.";
    GuaranteeNotFound = "guarantee.not_found", "没有这份保函。", "There is no such guarantee.";
    GuaranteeRevoked = "guarantee.revoked", "该保函已被撤销。", "This guarantee has been revoked.";
    GuaranteeSignature = "guarantee.signature", "电子保函不是由您的身份签名的。", "The guarantee is not signed by your identity.";
    GuaranteeTerms = "guarantee.terms", "电子保函不符合招标文件的要求。", "The electronic guarantee does not meet the tender's terms.";
    IdempotencyBody = "idempotency.body", "请求内容过大，无法重复提交。", "The request body is too large to be replayed.";
    IdempotencyMismatch = "idempotency.mismatch", "同一幂等键已用于另一请求。", "This idempotency key was used for another request.";
    FormNumber = "form.number", "请填写正确的数字（金额最多两位小数）。", "Enter a valid number (money to at most 2 decimals).";
    FormRequired = "form.required", "此项必填。", "This field is required.";
    FormTime = "form.time", "请填写日期和时间（北京时间）。", "Enter the date and time (Beijing time).";
    FormTradingType = "form.trading_type", "请选择交易类型：工程建设或政府采购。", "Choose the trading type: engineering or government procurement.";
    IdentityDocuments = "identity.documents", "注册材料不符合要求：每份须为 20 MB 以内的文件，最多 5 份，材料清单须由本身份签名。", "The registration documents are not in order: at most 5 files of up to 20 MB each, listed and signed by the identity.";
    IdentityDecided = "identity.decided", "该登记申请已经处理过。", "This registration was already decided.";
    IdentityExists = "identity.exists", "该身份已经登记。", "This identity is already registered.";
    IdentityInvalid = "identity.invalid", "身份文件无法验证。", "The identity document does not verify.";
    IdentityMissing = "identity.missing", "身份未能保存。", "The identity was not saved.";
    IdentityName = "identity.name", "请填写营业执照上的单位名称。", "Enter the organisation's name as on its business licence.";
    IdentityNone = "identity.none", "请先创建身份。", "Create an identity first.";
    IdentityNotFound = "identity.not_found", "没有这个身份。", "No such identity.";
    IdentityReason = "identity.reason", "驳回时请填写理由。", "Give the reason for the rejection.";
    IdentityRoles = "identity.roles", "申请的角色不可用。", "A role asked for is not available.";
    IpcBody = "ipc.body", "窗口未发送文件内容。", "The window did not send the file's bytes.";
    IpcHeader = "ipc.header", "窗口发送的附件信息不完整。", "The window sent incomplete attachment details.";
    ItemCriterion = "item.criterion", "响应项关联的评分项不在评标办法中。", "An item refers to a criterion outside the evaluation method.";
    ItemId = "item.id", "响应项编号为空或重复。", "An item id is empty or repeated.";
    KeyInvalid = "key.invalid", "密钥无效。", "The key is not valid.";
    KeystoreBadIdentity = "keystore.bad_identity", "保存的身份无效。", "The stored identity is not valid.";
    KeystoreCorrupt = "keystore.corrupt", "密钥文件已损坏。", "The key file is damaged.";
    KeystoreExists = "keystore.exists", "已有同名身份。", "An identity with this name already exists.";
    KeystoreKeychain = "keystore.keychain", "系统钥匙串出错。", "The OS keychain failed.";
    KeystoreLocked = "keystore.locked", "请先在“我的身份”中输入口令解锁密钥文件。", "Unlock your key file under My identity first.";
    KeystoreNoKeychain = "keystore.no_keychain", "本机没有可用的系统钥匙串，请改用加密密钥文件。", "There is no system keychain here; use a passphrase-encrypted key file.";
    KeystoreNoPassphrase = "keystore.no_passphrase", "请为密钥文件设置口令。", "Choose a passphrase for the key file.";
    KeystoreNotFound = "keystore.not_found", "找不到该身份的密钥。", "No keys for this identity.";
    KeystorePassphraseMismatch = "keystore.passphrase_mismatch", "两次输入的口令不一致。", "The two passphrases differ.";
    KeystoreSame = "keystore.same", "密钥已经保存在这里。", "The key is already kept there.";
    KeystoreVerify = "keystore.verify", "密钥写入新位置后读回不一致，已保留原处的密钥。", "The key read back from its new place differs; the key stays where it was.";
    KeystoreWeakPassphrase = "keystore.weak_passphrase", "口令至少需要 8 个字符。", "The passphrase needs at least 8 characters.";
    KeystoreWrongPassphrase = "keystore.wrong_passphrase", "口令不正确。", "Wrong passphrase.";
    LogCheckpoint = "log.checkpoint", "透明日志检查点无效。", "The log checkpoint is not valid.";
    LogEvent = "log.event", "告警：平台显示的开标记录不在透明日志中。请勿依据该数据，并联系交易中心和监督部门。", "ALARM: the opening data the platform shows is not in the transparency log. Do not rely on it; contact the trading centre and the supervisor.";
    LogFork = "log.fork", "告警：透明日志出现分叉，与本机核验过的记录不一致。", "ALARM: the transparency log forked from what this computer verified.";
    LogInclusion = "log.inclusion", "日志包含证明无效。", "The log inclusion proof is not valid.";
    LogIndex = "log.index", "日志序号超出范围。", "The log index is out of range.";
    LogKey = "log.key", "平台日志公钥无效。", "The platform's log key is not valid.";
    LogKeyChanged = "log.key_changed", "告警：平台的日志公钥变了，这不是您之前核验过的日志。", "ALARM: the platform's log key changed; this is not the log you verified before.";
    LogKeyMismatch = "log.key_mismatch", "输入的指纹与平台提供的公钥不一致。请勿继续，并与交易中心核实。", "The fingerprint you typed is not the platform's key. Do not continue; check with the trading centre.";
    LogRange = "log.range", "请求的日志范围无效。", "The requested log range is not valid.";
    LogReceipt = "log.receipt", "告警：回执不在本机核验的透明日志中。", "ALARM: a receipt is not in the log as this computer verified it.";
    LogSize = "log.size", "日志规模无效。", "The log size is not valid.";
    LogSizes = "log.sizes", "一致性证明的日志规模无效。", "The log sizes of the consistency proof are not valid.";
    LogState = "log.state", "本机保存的日志状态无法读取。", "The log state stored on this computer cannot be read.";
    LogUnpinned = "log.unpinned", "尚未核对平台日志公钥，请先在首页核对指纹。", "The platform's log key is not confirmed yet; confirm its fingerprint first.";
    LotAmbiguous = "lot.ambiguous", "招标有多个标段，请指定标段。", "The tender has several lots; name one.";
    LotCeilingPrice = "lot.ceiling_price", "标段最高投标限价无效。", "A lot's ceiling price is not valid.";
    LotDuplicate = "lot.duplicate", "标段编号重复。", "A lot id is repeated.";
    LotId = "lot.id", "标段编号为空。", "A lot id is empty.";
    LotNone = "lot.none", "招标文件没有标段。", "The tender has no lots.";
    LotUnknown = "lot.unknown", "招标文件中没有这个标段。", "The tender has no such lot.";
    MethodPrice = "method.price", "评标办法的价格分设置无效。", "The evaluation method's price scoring is not valid.";
    MethodTotal = "method.total", "评分项分值之和必须为 100。", "The scoring criteria must add up to 100 points.";
    NetOffline = "net.offline", "无法连接交易平台，请检查网络；联网后会自动继续。", "The trading platform cannot be reached; check the network. Work continues when it is back.";
    NetProtocol = "net.protocol", "平台的回应不符合协议。", "The platform's answer does not follow the protocol.";
    ObjectionEmpty = "objection.empty", "请填写异议内容。", "Write what you object to.";
    ObjectionEmptyAnswer = "objection.empty_answer", "请填写答复内容。", "Write the answer.";
    ObjectionNotFound = "objection.not_found", "没有这条异议。", "No such objection.";
    OpenDataInvalid = "open_data.invalid", "开放数据不符合 OCDS 标准的数据结构。", "The open data breaks the OCDS schema.";
    OpeningBadBid = "opening.bad_bid", "投标文件在开标时无法打开或校验失败。", "The bid could not be opened or failed its checks at the opening.";
    OpeningBadKey = "opening.bad_key", "提交的文件密钥无法打开该投标文件。", "The file key sent does not open the bid.";
    OpeningConfirmed = "opening.confirmed", "您已确认开标记录。", "You have already confirmed the opening record.";
    OpeningDecided = "opening.decided", "您的投标文件的解密结果已记录。", "Your bid's outcome is already recorded.";
    OpeningDecrypt = "opening.decrypt", "解密失败。", "Decryption failed.";
    OpeningFaultSignature = "opening.fault_signature", "平台故障声明的签名无效。", "The platform-fault declaration's signature is not valid.";
    OpeningFaultTender = "opening.fault_tender", "平台故障声明针对的是另一个项目或投标。", "The platform-fault declaration is for another tender or bid.";
    OpeningKeyFormat = "opening.key_format", "文件密钥格式不正确。", "The file key is malformed.";
    OpeningNoRecord = "opening.no_record", "尚无开标记录。", "There is no opening record yet.";
    OpeningNoRemedy = "opening.no_remedy", "本项目不允许委员会代为解密。", "This tender does not allow the committee remedy.";
    OpeningNotBidder = "opening.not_bidder", "您不是本项目的投标人。", "You are not a bidder in this tender.";
    OpeningNotClosed = "opening.not_closed", "投标尚未截止（以透明日志中的截止事件为准），不会释放任何密钥。", "Bidding has not closed (by the close event in the log); no key is released.";
    OpeningNotSignedIn = "opening.not_signed_in", "请先签到，再解密。", "Sign in to the opening hall first.";
    OpeningNotYet = "opening.not_yet", "尚未到开标时间。", "The opening has not started yet.";
    OpeningFaultSha = "opening.fault_sha", "请填写投标人回执上的文件 SHA-256（64 位十六进制）。", "Give the bid's SHA-256 from the bidder's receipt (64 hex digits).";
    OpeningReason = "opening.reason", "请填写理由。", "Give the reason.";
    OpeningRecordUnverified = "opening.record_unverified", "开标记录的平台签名无法核验。", "The platform's signature on the opening record does not verify.";
    OpeningRecorded = "opening.recorded", "开标记录已生成，无法再更改。", "The opening record is made; it can no longer change.";
    OpeningRemedy = "opening.remedy", "委员会解密申请无效。", "The committee remedy request is not valid.";
    OpeningSignInWindow = "opening.sign_in_window", "不在签到时间内。", "This is outside the sign-in time.";
    OpeningWindow = "opening.window", "现在不在解密时间内。", "This is not the decryption window.";
    OpeningWindowOpen = "opening.window_open", "解密时间窗口尚未结束。", "The decryption window is still open.";
    OutboxChanged = "outbox.changed", "固化后的投标文件在排队后被改动，请重新固化。", "The sealed file changed after it was queued; seal the bid again.";
    OutboxMissing = "outbox.missing", "发送队列中没有这一项。", "Nothing in the outbox has this id.";
    OutboxSent = "outbox.sent", "该投标已经递交，回执在回执列表中。", "This bid was already sent; its receipt is in the list.";
    OutputExists = "output.exists", "输出位置已存在文件。", "The output already exists.";
    PackageAttachmentMismatch = "package.attachment_mismatch", "投标文件中的附件与清单不符。", "The bid's attachments differ from its manifest.";
    PackageBadName = "package.bad_name", "投标文件中有不可用的附件名。", "The bid has an attachment name that cannot be used.";
    PackageBadSignature = "package.bad_signature", "投标文件的签名无效。", "The bid's signature is not valid.";
    PackageDuplicate = "package.duplicate", "投标文件中有重复的附件。", "The bid has a repeated attachment.";
    PackageMalformed = "package.malformed", "投标文件的内容格式不正确。", "The bid's package is malformed.";
    PackageManifestMismatch = "package.manifest_mismatch", "投标文件清单与草稿不符。", "The bid's manifest differs from the draft.";
    PackageNotPackage = "package.not_package", "这不是投标文件包。", "This is not a bid package.";
    PackageSignerMismatch = "package.signer_mismatch", "投标文件不是由登记的投标人签名的。", "The bid is not signed by the registered bidder.";
    PersonnelId = "personnel.id", "身份证号码不正确：须为 17 位数字加 1 位校验码。", "The identity number is wrong: 17 digits and a check character.";
    PortalCentre = "portal.centre", "没有这个交易中心。", "There is no such trading centre.";
    PortalDay = "portal.day", "日期应为 YYYY-MM-DD。", "The day must be a date YYYY-MM-DD.";
    PortalKind = "portal.kind", "没有这个信用记录类别。", "There is no such kind of credit record.";
    PortalNotFound = "portal.not_found", "没有这个页面或文件。", "There is no such page or file.";
    PortalStage = "portal.stage", "没有这个项目状态。", "There is no such status.";
    PortalType = "portal.type", "没有这个交易类型。", "There is no such trading type.";
    PortalYear = "portal.year", "没有该年度的统计。", "There are no statistics for that year.";
    PriceAboveCeiling = "price.above_ceiling", "报价超过最高投标限价。", "The price is above the ceiling price.";
    PriceBadAmount = "price.bad_amount", "请输入金额（元），最多两位小数。", "Enter an amount in yuan with at most two decimals.";
    PriceInvalid = "price.invalid", "报价无效。", "The price is not valid.";
    PriceMissing = "price.missing", "请填写投标报价。", "Enter the bid price.";
    PriceNotPositive = "price.not_positive", "报价必须大于零。", "The price must be above zero.";
    PriceWordsMismatch = "price.words_mismatch", "大写金额与小写报价不一致，该投标不予唱标。", "The amount in words does not match the figure; the bid is not read out.";
    PriceTooPrecise = "price.too_precise", "金额最多保留两位小数（分）。", "The amount has at most two decimals (fen).";
    QualityMissing = "quality.missing", "请填写质量承诺。", "Enter the quality commitment.";
    RatingExists = "rating.exists", "您已经评价过这位专家在本项目中的表现。", "You rated this expert for this committee already.";
    RatingNotMember = "rating.not_member", "该专家没有参加本项目的评标委员会。", "The expert did not sit on this committee.";
    RatingNote = "rating.note", "评分为 2 分及以下时，请写明具体情况。", "A score of 2 or less needs a note saying what happened.";
    RatingScore = "rating.score", "每项评分须为 1 至 5 的整数。", "Each score is a whole number from 1 to 5.";
    ReceiptInvalid = "receipt.invalid", "回执无法用本机核对的平台日志公钥验证。", "The receipt does not verify against the pinned log key.";
    ReceiptUnknown = "receipt.unknown", "没有这份回执。", "No such receipt.";
    RecomputeInvalid = "recompute.invalid", "公布的评标结果无法重新计算（数据不完整或不一致）。", "The published result cannot be recomputed: its data is incomplete or inconsistent.";
    RecomputeMismatch = "recompute.mismatch", "公布的评标结果与重新计算的结果不一致。", "The published result differs from the recomputation.";
    ReleaseExists = "release.exists", "该版本的这种安装包已经发布过。", "This version's package of that kind is already published.";
    ReleaseFileMissing = "release.file_missing", "安装包文件还没有上传到服务器。", "The package file is not uploaded to the server yet.";
    ReleaseNoKey = "release.no_key", "交易服务器没有配置更新公钥，不能发布更新。", "The trading server has no update key configured, so it publishes no updates.";
    ReleaseNotFound = "release.not_found", "没有这个版本。", "No such release.";
    ReleaseReason = "release.reason", "请填写撤回理由。", "Give the reason the release is withdrawn.";
    ReleaseTarget = "release.target", "不支持的平台或安装包类型。", "That platform or package kind is not supported.";
    ReleaseVersion = "release.version", "版本号格式不正确（例如 1.2.3）。", "The version is not valid (e.g. 1.2.3).";
    ReleaseWithdrawn = "release.withdrawn", "该版本已经撤回。", "This release is already withdrawn.";
    RemedyMismatch = "remedy.mismatch", "委员会解密申请与投标不符。", "The committee remedy request does not match the bid.";
    RemedyRepeated = "remedy.repeated", "已经申请过委员会解密。", "The committee remedy was already requested.";
    RemedySignature = "remedy.signature", "委员会解密申请的签名无效。", "The committee remedy request's signature is not valid.";
    ReportChanged = "report.changed", "您签署的不是当前的评标报告（JSON 或 PDF 的哈希不一致）。", "You signed another report: its JSON or PDF hash differs.";
    ReportDissent = "report.dissent", "请写明不同意见及其理由。", "Write the dissent and its reasons.";
    ReportFont = "report.font", "服务器缺少生成评标报告所需的中文字体（fonts-noto-cjk）。", "The server lacks the Chinese font the report PDF needs (fonts-noto-cjk).";
    ReportIncomplete = "report.incomplete", "评标工作尚未完成，暂不能生成评标报告。", "The evaluation is not complete; the report cannot be drawn up yet.";
    ReportNotFound = "report.not_found", "本项目还没有评标报告。", "The tender has no evaluation report yet.";
    ReportPdf = "report.pdf", "评标报告 PDF 无法生成。", "The report PDF could not be written.";
    ReportSignature = "report.signature", "该签名不是针对本项目和您的席位。", "The signature is not for this tender and your seat.";
    ReportSigned = "report.signed", "您已经签署了评标报告。", "You signed the report already.";
    ResponseAttachmentMissing = "response.attachment_missing", "该响应项需要附件。", "This item needs an attachment.";
    ResponseDuplicate = "response.duplicate", "响应项重复。", "A response is repeated.";
    ResponseMissing = "response.missing", "还有响应项未填写。", "An item has no response yet.";
    ResponseTextMissing = "response.text_missing", "该响应项需要文字说明。", "This item needs a written response.";
    ResponseUnknownItem = "response.unknown_item", "招标文件中没有这个响应项。", "The tender has no such item.";
    ResultAnswered = "result.answered", "该异议已经答复。", "This objection is answered already.";
    ResultAwarded = "result.awarded", "本项目已经定标。", "The tender is awarded already.";
    ResultMismatch = "result.mismatch", "签名的文本不是针对本项目的异议或答复。", "The signed text is not an objection or answer for this tender.";
    ResultNoObjection = "result.no_objection", "没有这项异议。", "No such objection.";
    ResultNoReport = "result.no_report", "本项目的评标报告尚未定稿。", "The tender has no final evaluation report yet.";
    ResultNotAwarded = "result.not_awarded", "本项目尚未定标。", "The tender is not awarded yet.";
    ResultNotBidder = "result.not_bidder", "只有本项目的投标人可以提出异议或查看结果通知。", "Only bidders of the tender may object or read its result notice.";
    ResultNotFound = "result.not_found", "本项目尚未公示中标候选人。", "The tender's candidates are not published yet.";
    ResultPublicityDays = "result.publicity_days", "中标候选人公示期不得少于 3 日。", "The candidates are published for at least 3 days.";
    ResultPublicityOver = "result.publicity_over", "公示期已经结束，不再受理异议。", "The publicity is over; objections are closed.";
    ResultPublicityRunning = "result.publicity_running", "公示期尚未结束，不能定标。", "The publicity is still running; the tender cannot be awarded yet.";
    ResultPublished = "result.published", "中标候选人已经公示。", "The candidates are published already.";
    ResultSuspended = "result.suspended", "有异议尚未答复，定标暂停。", "An objection awaits its answer; the award waits for it.";
    ResultText = "result.text", "请填写内容（最多 2000 字）。", "Write the text (at most 2000 characters).";
    ResultTied = "result.tied", "有标段的中标候选人得分并列，须按招标文件规定的方式确定后才能定标。", "A tie in a lot is not decided yet.";
    ReviewClosed = "review.closed", "全体成员的评审表均已提交，评标委员会的评审结论已经形成。", "Every member's review is in and the committee's conclusion is drawn.";
    ReviewDuplicate = "review.duplicate", "同一审查项目重复评审。", "An item is marked twice.";
    ReviewFormat = "review.format", "评审表格式不受支持。", "The review sheet's format is not supported.";
    ReviewMissing = "review.missing", "还有审查项目未评审。", "An item of a bid is not marked yet.";
    ReviewReason = "review.reason", "不通过的审查项目必须写明理由。", "Every fail needs a written reason.";
    ReviewTender = "review.tender", "评审表不属于本项目或本席位。", "The review sheet is for another tender or seat.";
    ReviewUnknown = "review.unknown", "该审查项目不属于这份投标。", "That item is not part of this bid's review.";
    RuleCategory = "rule.category", "请选择规则类别：综合、工程建设、政府采购、土地矿业权、国有产权。", "Choose the rule's category: general, engineering, procurement, land and mining rights, state property.";
    RuleDates = "rule.dates", "规则的废止日期须晚于施行日期。", "A rule must end after it takes effect.";
    RuleField = "rule.field", "请填写规则名称、发布机关和文号（长度不超过限制）。", "Enter the rule's title, issuing body and document number (within their lengths).";
    RuleNotFound = "rule.not_found", "没有这条规则。", "No such rule.";
    RuleReason = "rule.reason", "请填写废止理由。", "Give the reason the rule is retired.";
    RuleRetired = "rule.retired", "该规则已经废止。", "This rule is already retired.";
    RuleUrl = "rule.url", "原文地址须以 http:// 或 https:// 开头。", "The address of the official text must start with http:// or https://.";
    ScoreClosed = "score.closed", "本标段全体成员的评分表均已提交，评分已经汇总。", "Every member's sheet for the lot is in and the lot is evaluated.";
    ScoreComment = "score.comment", "评分为该项最高分或零分时，必须写明评分说明。", "A score at either end of a criterion's range needs a comment.";
    ScoreDecimals = "score.decimals", "评分的小数位数超过了招标文件的规定。", "The score has more decimal places than the tender allows.";
    ScoreDuplicate = "score.duplicate", "同一评分项重复打分。", "A criterion is scored twice for the bid.";
    ScoreFile = "score.file", "评分文件有错误的行（列为 bidder,criterion,score,comment）。", "The score file has bad lines (columns bidder,criterion,score,comment).";
    ScoreFormat = "score.format", "评分表格式不受支持。", "The score sheet's format is not supported.";
    ScoreLocked = "score.locked", "其他成员的评分表已经提交，您的主观评分已锁定，只能更正客观评分。", "Another member's sheet is in, so your subjective scores are locked; only objective scores may be corrected.";
    ScoreLot = "score.lot", "本项目没有这个标段。", "The tender has no such lot.";
    ScoreMissing = "score.missing", "还有评分项未打分。", "A criterion of a bid is not scored yet.";
    ScoreNoScoring = "score.no_scoring", "本项目采用经评审的最低投标价法，不需要打分。", "This tender is evaluated by the lowest evaluated price: nothing is scored.";
    ScoreObjectiveDiffers = "score.objective_differs", "客观评分项各成员的评分应当一致，请核对后重新提交。", "Members' scores for an objective criterion differ; they must agree.";
    ScoreRange = "score.range", "评分超出了该评分项的分值范围。", "The score is outside the criterion's range.";
    ScoreReviewFirst = "score.review_first", "全体成员的资格和符合性审查完成后才能开始打分。", "Scoring starts when every member's review is in.";
    ScoreTender = "score.tender", "评分表不属于本项目、本席位或本标段。", "The score sheet is for another tender, seat or lot.";
    ScoreUnknown = "score.unknown", "评分项或投标人不属于本标段的评分范围。", "That criterion or bidder is not part of this lot's scoring.";
    SecurityAccount = "security.account", "以保证金形式提交的，须写明交易中心保证金账户。", "Deposits need the centre's deposit account.";
    SecurityAmount = "security.amount", "投标保证金金额不正确。", "The bid security amount is wrong.";
    SecurityCap = "security.cap", "投标保证金不得超过估算价（预算）的 2%。", "Bid security may not exceed 2% of the estimated price (budget).";
    SecurityForms = "security.forms", "请说明接受的保证金形式（保证金、电子保函）。", "Say which forms of security are accepted (deposit, guarantee).";
    SecurityMissing = "security.missing", "截止时未按招标文件要求提交投标保证金，开标时不予唱标。", "No valid bid security at the deadline: the bid is not read out at the opening.";
    SecurityValidity = "security.validity", "投标有效期应为 1 至 365 天。", "The bid validity period is 1 to 365 days.";
    SettingsCorrupt = "settings.corrupt", "设置文件已损坏。", "The settings file is damaged.";
    SettingsLanguage = "settings.language", "界面语言不可用（简体中文、English）。", "The language is not available (zh-CN, en).";
    SettingsServer = "settings.server", "交易平台地址不正确（应以 http:// 或 https:// 开头）。", "The platform address is not valid (http:// or https://).";
    SheetInvalid = "sheet.invalid", "评分表格式不对：须有 lot,bidder,expert,score 四列，每位成员对每个投标人都有评分。", "The score sheet is not right: four columns lot,bidder,expert,score, and every member scores every bidder.";
    SignatureDocument = "signature.document", "该文件无法签名（内容无法规范化）。", "The document cannot be signed (it cannot be put in canonical form).";
    SignatureInvalid = "signature.invalid", "签名无法用签署人登记的签名公钥验证。", "The signature does not verify with its author's registered signing key.";
    StatisticsPeriod = "statistics.period", "统计期间不正确：须为两个日期，起始日不晚于截止日。", "The period is wrong: two dates, the first not after the second.";
    StorageFull = "storage.full", "服务器磁盘已满，本次请求未保存任何内容，请稍后重试。", "The server's disk is full; nothing of this request was kept. Try again later.";
    StoreCorrupt = "store.corrupt", "本机数据已损坏。", "Local data is damaged.";
    StoreDb = "store.db", "本机数据库出错。", "The local database failed.";
    StoreOpen = "store.open", "无法打开本机数据库。", "The local database cannot be opened.";
    SupervisionDepartment = "supervision.department", "监管部门设置有误。", "The supervising department setting is wrong.";
    SupervisionScope = "supervision.scope", "该项目不属于您所在监管部门的监管范围。", "This tender is outside your supervising department.";
    TenderAmendmentNotice = "tender.amendment_notice", "变更涉及实质内容且距投标截止不足 15 日，须顺延投标截止时间。", "A change of substance with less than 15 days to the deadline must move the deadline.";
    TenderAmended = "tender.amended", "招标文件已变更，请更新草稿并重新固化。", "The tender was amended: update the draft and seal again.";
    TenderCancelled = "tender.cancelled", "该项目已取消。", "This tender is cancelled.";
    TenderCanonical = "tender.canonical", "招标文件无法规范化编码。", "The tender document cannot be canonically encoded.";
    TenderCentre = "tender.centre", "交易中心代码不正确。", "The trading centre code is not valid.";
    TenderClosed = "tender.closed", "该项目已截止。", "This tender is closed.";
    TenderCustodian = "tender.custodian", "保管人身份或其公钥与平台证书不符。", "A custodian's identity or key does not match its platform certificate.";
    TenderDeadlinePast = "tender.deadline_past", "截止时间已过。", "The deadline has passed.";
    TenderDecryptionWindow = "tender.decryption_window", "解密时间窗口设置不正确。", "The decryption window is not valid.";
    TenderExists = "tender.exists", "该项目编号已存在。", "A tender with this id already exists.";
    TenderFailed = "tender.failed", "投标人不足 3 家，项目流标，不开标。", "Fewer than 3 bids: the tender failed and there is no opening.";
    TenderFileMissing = "tender.file_missing", "招标文件所列文件尚未上传到平台。", "A file the tender lists is not on the platform yet.";
    TenderFileSize = "tender.file_size", "招标文件所列文件大小不正确。", "A listed file's size is not valid.";
    TenderFormat = "tender.format", "招标文件的格式版本不受支持。", "The tender format version is not supported.";
    TenderHashMismatch = "tender.hash_mismatch", "招标文件与平台声明的哈希不符。", "The tender document does not match the hash the platform states.";
    TenderId = "tender.id", "项目编号不正确。", "The tender id is not valid.";
    TenderInvalid = "tender.invalid", "招标文件无效。", "The tender document is not valid.";
    TenderMismatch = "tender.mismatch", "招标文件与项目不符。", "The document does not match the tender.";
    TenderNoLots = "tender.no_lots", "招标文件至少需要一个标段。", "The tender needs at least one lot.";
    TenderNotFound = "tender.not_found", "没有这个项目。", "No such tender.";
    TenderNotLogged = "tender.not_logged", "招标文件的发布事件不在透明日志中。", "The tender's publication is not in the transparency log.";
    TenderNotOpen = "tender.not_open", "该项目当前不接受投标。", "This tender is not open for bids.";
    TenderOpeningBeforeDeadline = "tender.opening_before_deadline", "开标时间不能早于投标截止时间。", "The opening cannot be before the deadline.";
    TenderPeriodTooShort = "tender.period_too_short", "依法必须招标的项目，自招标文件发出至投标截止不得少于 20 日。", "A project that must be tendered by law needs at least 20 days from issue to deadline.";
    TenderReason = "tender.reason", "请填写理由。", "Give the reason.";
    TenderRollback = "tender.rollback", "告警：平台显示的招标文件版本早于本机已核验的版本。", "ALARM: the platform shows an older tender version than this computer verified.";
    TenderScoring = "tender.scoring", "评分规则不合理：小数位 0–6 位，去掉最高最低分须在 2 人以上时适用，偏离度阈值须为正数，同一比较规则只能列一次。", "The scoring rules are not sensible: 0–6 decimals, trimming above 2 or more members, a positive deviation threshold, each tie-break once.";
    TenderSignature = "tender.signature", "招标文件的代理机构签名无效。", "The agency's signature on the tender does not verify.";
    TenderSupervision = "tender.supervision", "招标记录中的监管机构证书无效。", "The supervision certificates in the tender record are not valid.";
    TenderDraftDamaged = "tender_draft.damaged", "招标文件草稿已损坏。", "The tender draft is damaged.";
    TenderDraftMissing = "tender_draft.missing", "本机没有这份招标文件草稿。", "There is no such tender draft on this computer.";
    TenderDraftUnchanged = "tender_draft.unchanged", "变更草稿与已发布版本相同，尚无变更内容。", "The amendment changes nothing yet.";
    TenderTitle = "tender.title", "请填写项目名称。", "Enter the tender's title.";
    TenderUnverified = "tender.unverified", "招标文件无法核验。", "The tender cannot be verified.";
    TenderVersion = "tender.version", "招标文件版本号不正确。", "The tender version is not valid.";
    UpdateBadKey = "update.bad_key", "更新公钥无效。", "The update key is not valid.";
    UpdateBadSignature = "update.bad_signature", "更新包的签名无效：文件被改动过，或不是本平台发布的版本。已拒绝安装。", "The update's signature is not valid: the file was altered or was not released by this platform. It was not installed.";
    UpdateCheck = "update.check", "无法检查更新，请确认与交易服务器的连接。", "Cannot check for updates; check the connection to the trading server.";
    UpdateDownload = "update.download", "更新包下载失败，请重试。", "The update could not be downloaded; try again.";
    UpdateInstall = "update.install", "更新包安装失败（安装需要管理员授权）。", "The update could not be installed (installing needs an administrator's permission).";
    UpdateNoKey = "update.no_key", "此安装包没有配置平台更新公钥，不能在应用内更新；请从交易中心下载新版本安装包。", "This build has no platform update key, so it cannot update itself; download the new installer from the trading centre.";
    UpdateNone = "update.none", "没有可安装的更新，请先检查更新。", "There is no update to install; check for updates first.";
    UpdateNotPackaged = "update.not_packaged", "此程序不是通过安装包安装的，不能自行替换；已验证的更新包已保存，请手动安装。", "This program was not installed from a package and cannot replace itself; the verified update was saved for you to install.";
    UploadBody = "upload.body", "上传的数据块中断。", "The uploaded chunk was cut off.";
    UploadBusy = "upload.busy", "另一个请求正在写入该上传，请查询进度后继续。", "Another request is writing this upload; ask for its offset and resume.";
    UploadChecksum = "upload.checksum", "数据块与其校验值不符，已丢弃，请重发。", "The chunk does not match its checksum; it was discarded, send it again.";
    UploadChecksumMissing = "upload.checksum_missing", "缺少数据块校验值。", "The chunk's checksum is missing.";
    UploadChunkTooLarge = "upload.chunk_too_large", "数据块过大。", "The chunk is too large.";
    UploadClosed = "upload.closed", "该上传已完成。", "This upload is already complete.";
    UploadConsortium = "upload.consortium", "联合体成员不正确：请填写有效且不重复的统一社会信用代码。", "The consortium members are wrong: give valid, distinct credit codes.";
    UploadEmptyChunk = "upload.empty_chunk", "数据块为空。", "The chunk is empty.";
    UploadExpired = "upload.expired", "该上传超过 24 小时未完成（或项目已截止），已被删除，请重新上传。", "This upload was left unfinished for 24 hours (or its tender closed) and was removed; start again.";
    UploadIncomplete = "upload.incomplete", "上传尚未完成，请继续上传。", "The upload is not complete; resume it.";
    UploadLength = "upload.length", "声明的文件大小不正确。", "The declared length is not valid.";
    UploadNotFound = "upload.not_found", "没有这个上传。", "No such upload.";
    UploadOffset = "upload.offset", "上传进度与服务器不一致，将从服务器记录的位置继续。", "The upload offset differs from the server's; it resumes from the server's.";
    UploadOffsetMissing = "upload.offset_missing", "缺少上传位置。", "The upload offset is missing.";
    UploadSignature = "upload.signature", "递交请求没有您的身份签名。", "The submission is not signed by your identity.";
    UploadSupersedes = "upload.supersedes", "被替换投标的哈希格式不正确。", "The hash of the bid replaced is not valid.";
    UploadTooLong = "upload.too_long", "数据块超出了声明的文件大小。", "The chunk goes past the declared length.";
    UploadTooMany = "upload.too_many", "未完成的上传过多，请完成或等待其过期。", "Too many unfinished uploads; finish them or let them expire.";
    UsccCheckMismatch = "uscc.check_mismatch", "统一社会信用代码的校验码不正确，请核对。", "The check character of the code is wrong; please check the code.";
    UsccEmptyOverride = "uscc.empty_override", "请填写统一社会信用代码。", "Enter the unified social credit code.";
    UsccForbiddenChar = "uscc.forbidden_char", "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。", "The code contains a character that is not allowed (I, O, Z, S and V are never used).";
    UsccLength = "uscc.length", "统一社会信用代码应为 18 位。", "A unified social credit code has 18 characters.";
    WithdrawMismatch = "withdraw.mismatch", "撤回请求与有效投标不符。", "The withdrawal does not match the active bid.";
    WithdrawSignature = "withdraw.signature", "撤回请求的签名无效。", "The withdrawal's signature is not valid.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_well_formed_and_worded_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} is registered twice");
            let (area, name) = s.split_once('.').unwrap_or_else(|| panic!("{s} is not area.name"));
            assert!(!area.is_empty() && !name.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_'), "{s}");
            assert!(!c.zh().trim().is_empty() && !c.en().trim().is_empty(), "{s} lacks wording");
            assert!(c.zh().chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)), "{s}: the Chinese wording has no Chinese");
            assert_eq!(Code::parse(s), Some(*c));
        }
    }
}
