// Generated from tenderbox_core::codes by the desk's bindings test. Do not edit.

export type Code =
  | "alert.decided"
  | "alert.decision"
  | "alert.not_found"
  | "alert.rule"
  | "amount.words"
  | "attachment.bad_name"
  | "attachment.copy"
  | "attachment.duplicate"
  | "attachment.file_missing"
  | "attachment.not_a_file"
  | "attachment.unknown"
  | "auction.already_highest"
  | "auction.announcement_days"
  | "auction.below_minimum"
  | "auction.conditions"
  | "auction.confirmation"
  | "auction.countdown"
  | "auction.disclosure_days"
  | "auction.dutch"
  | "auction.ended"
  | "auction.exists"
  | "auction.field"
  | "auction.format"
  | "auction.go_on_closed"
  | "auction.go_on_without_bid"
  | "auction.id"
  | "auction.listing_days"
  | "auction.listing_ends"
  | "auction.mode"
  | "auction.no_sale"
  | "auction.not_custodian"
  | "auction.not_ended"
  | "auction.not_found"
  | "auction.not_multiple"
  | "auction.not_party"
  | "auction.not_registered"
  | "auction.not_started"
  | "auction.price"
  | "auction.publicity_days"
  | "auction.refund_days"
  | "auction.registration_closed"
  | "auction.registration_deadline"
  | "auction.rehearsal"
  | "auction.replay_order"
  | "auction.replay_price"
  | "auction.reserve"
  | "auction.reserve_fixed"
  | "auction.reserve_missing"
  | "auction.reserve_pending"
  | "auction.resume"
  | "auction.sealed_twice"
  | "auction.share_invalid"
  | "auction.share_released"
  | "auction.signed"
  | "auction.statement"
  | "auction.suspended"
  | "auction.timed_not_eligible"
  | "auction.verify"
  | "audit.chain"
  | "audit.search"
  | "auth.expired"
  | "auth.failed"
  | "auth.invalid"
  | "auth.malformed"
  | "auth.missing"
  | "auth.not_approved"
  | "auth.origin"
  | "auth.role"
  | "bench.lost"
  | "bench.mismatch"
  | "bench.portal"
  | "bench.server"
  | "avoid.agency"
  | "avoid.bidder"
  | "avoid.blacklisted"
  | "avoid.frequency"
  | "avoid.named"
  | "avoid.removed"
  | "avoid.same_tenderer"
  | "avoid.suspended"
  | "avoid.tenderer"
  | "avoid.unavailable"
  | "backup.invalid"
  | "backup.passphrase"
  | "backup.write"
  | "bid.bad_envelope"
  | "bid.file_missing"
  | "bid.incomplete"
  | "bid.late"
  | "bid.missing_stanza"
  | "bid.not_encrypted"
  | "bid.not_found"
  | "bid.not_sealed"
  | "bid.seal"
  | "bid.supersedes"
  | "bid.wrong_bidder"
  | "bid.wrong_committee"
  | "bid.wrong_recipient"
  | "bid.wrong_tender"
  | "calendar.date"
  | "calendar.kind"
  | "calendar.not_found"
  | "calendar.note"
  | "certificate.invalid"
  | "clarification.answered"
  | "clarification.closed"
  | "clarification.due"
  | "clarification.empty"
  | "clarification.mismatch"
  | "clarification.not_found"
  | "clarification.too_long"
  | "committee.author"
  | "committee.bad_partial"
  | "committee.bad_share"
  | "committee.bad_stanza"
  | "committee.ceremony"
  | "committee.closed"
  | "committee.custodians"
  | "committee.disqualified"
  | "committee.incomplete"
  | "committee.key_mismatch"
  | "committee.no_key"
  | "committee.no_stanza"
  | "committee.none"
  | "committee.not_applicable"
  | "committee.not_custodian"
  | "committee.partial"
  | "committee.refused"
  | "committee.repeated"
  | "committee.signature"
  | "committee.substituted"
  | "committee.unverified"
  | "complaint.acceptance"
  | "complaint.decided"
  | "complaint.decision"
  | "complaint.field"
  | "complaint.file"
  | "complaint.handled"
  | "complaint.late"
  | "complaint.not_accepted"
  | "complaint.not_found"
  | "conflict.exists"
  | "consortium.member"
  | "contract.date"
  | "contract.not_awarded"
  | "contract.recorded"
  | "credit.barred_agency"
  | "credit.barred_bidder"
  | "credit.barred_consortium_member"
  | "credit.barred_expert"
  | "credit.csv"
  | "credit.date"
  | "credit.duplicate"
  | "credit.field"
  | "credit.format"
  | "credit.import"
  | "credit.kind"
  | "credit.not_found"
  | "credit.objection"
  | "credit.restriction"
  | "credit.signature"
  | "credit.state"
  | "credit.subject"
  | "criterion.id"
  | "criterion.points"
  | "criterion.unknown"
  | "custodians.duplicate"
  | "custodians.threshold"
  | "data.copy"
  | "data.target"
  | "deposit.applied_to_price"
  | "deposit.import"
  | "deposit.not_due"
  | "deposit.not_found"
  | "deposit.reference"
  | "deposit.refund"
  | "deposit.statement"
  | "draft.damaged"
  | "draft.exists"
  | "draft.format"
  | "draft.incomplete"
  | "draft.not_a_draft"
  | "draft.supervision"
  | "draw.answer_late"
  | "draw.answer_minutes"
  | "draw.answered"
  | "draw.decline_reason"
  | "draw.entropy"
  | "draw.exclusion"
  | "draw.invalid"
  | "draw.lot"
  | "draw.not_found"
  | "draw.not_revealed"
  | "draw.not_yours"
  | "draw.settings"
  | "draw.start"
  | "draw.state"
  | "draw.tender"
  | "draw.too_early"
  | "draw.venues"
  | "draw.verify"
  | "duration.missing"
  | "draw.counts"
  | "draw.experts_share"
  | "draw.reserves"
  | "draw.size"
  | "envelope.bad_header"
  | "envelope.corrupt"
  | "envelope.duplicate"
  | "envelope.header_mac"
  | "envelope.missing_stanza"
  | "envelope.no_committee_key"
  | "envelope.no_matching_stanza"
  | "envelope.not_envelope"
  | "envelope.suite"
  | "envelope.truncated"
  | "envelope.unencrypted"
  | "envelope.version"
  | "evaluation.bid_unverified"
  | "evaluation.bidder"
  | "evaluation.candidate"
  | "evaluation.chair_elected"
  | "evaluation.chair_only"
  | "evaluation.closed"
  | "evaluation.declare_first"
  | "evaluation.declared"
  | "evaluation.declared_conflict"
  | "evaluation.invalid"
  | "evaluation.left"
  | "evaluation.no_bid"
  | "evaluation.no_committee"
  | "evaluation.no_request"
  | "evaluation.not_deviating"
  | "evaluation.not_member"
  | "evaluation.not_opened"
  | "evaluation.not_started"
  | "evaluation.not_tied"
  | "evaluation.note_too_long"
  | "evaluation.reason"
  | "evaluation.report_exists"
  | "evaluation.representative"
  | "evaluation.representatives_full"
  | "evaluation.voted"
  | "exchange.not_configured"
  | "expert.availability"
  | "expert.centre"
  | "expert.csv"
  | "expert.duplicate"
  | "expert.field"
  | "expert.import"
  | "expert.link"
  | "expert.not_found"
  | "expert.reason"
  | "expert.removed"
  | "expert.specialty"
  | "expert.status"
  | "expert.title"
  | "expert.years"
  | "file.body"
  | "file.changed"
  | "file.duplicate"
  | "file.empty"
  | "file.hash_mismatch"
  | "file.missing"
  | "file.name"
  | "file.not_found"
  | "file.range"
  | "file.size"
  | "file.too_large"
  | "guarantee.exists"
  | "guarantee.late"
  | "guarantee.not_found"
  | "guarantee.revoked"
  | "guarantee.signature"
  | "guarantee.terms"
  | "idempotency.body"
  | "idempotency.mismatch"
  | "form.number"
  | "form.required"
  | "form.time"
  | "form.trading_type"
  | "identity.documents"
  | "identity.decided"
  | "identity.exists"
  | "identity.invalid"
  | "identity.missing"
  | "identity.name"
  | "identity.none"
  | "identity.not_found"
  | "identity.reason"
  | "identity.roles"
  | "ipc.body"
  | "ipc.header"
  | "item.criterion"
  | "item.id"
  | "key.invalid"
  | "keystore.bad_identity"
  | "keystore.corrupt"
  | "keystore.exists"
  | "keystore.keychain"
  | "keystore.locked"
  | "keystore.no_keychain"
  | "keystore.no_passphrase"
  | "keystore.not_found"
  | "keystore.passphrase_mismatch"
  | "keystore.same"
  | "keystore.verify"
  | "keystore.weak_passphrase"
  | "keystore.wrong_passphrase"
  | "log.checkpoint"
  | "log.event"
  | "log.fork"
  | "log.inclusion"
  | "log.index"
  | "log.key"
  | "log.key_changed"
  | "log.key_mismatch"
  | "log.range"
  | "log.receipt"
  | "log.size"
  | "log.sizes"
  | "log.state"
  | "log.unpinned"
  | "lot.ambiguous"
  | "lot.ceiling_price"
  | "lot.duplicate"
  | "lot.id"
  | "lot.none"
  | "lot.unknown"
  | "method.price"
  | "method.total"
  | "net.offline"
  | "net.protocol"
  | "objection.empty"
  | "objection.empty_answer"
  | "objection.not_found"
  | "open_data.invalid"
  | "opening.bad_bid"
  | "opening.bad_key"
  | "opening.confirmed"
  | "opening.decided"
  | "opening.decrypt"
  | "opening.fault_signature"
  | "opening.fault_tender"
  | "opening.key_format"
  | "opening.no_record"
  | "opening.no_remedy"
  | "opening.not_bidder"
  | "opening.not_closed"
  | "opening.not_signed_in"
  | "opening.not_yet"
  | "opening.fault_sha"
  | "opening.reason"
  | "opening.record_unverified"
  | "opening.recorded"
  | "opening.remedy"
  | "opening.sign_in_window"
  | "opening.window"
  | "opening.window_open"
  | "outbox.changed"
  | "outbox.missing"
  | "outbox.sent"
  | "output.exists"
  | "package.attachment_mismatch"
  | "package.bad_name"
  | "package.bad_signature"
  | "package.duplicate"
  | "package.malformed"
  | "package.manifest_mismatch"
  | "package.not_package"
  | "package.signer_mismatch"
  | "personnel.id"
  | "portal.centre"
  | "portal.day"
  | "portal.kind"
  | "portal.not_found"
  | "portal.stage"
  | "portal.type"
  | "portal.year"
  | "price.above_ceiling"
  | "price.bad_amount"
  | "price.invalid"
  | "price.missing"
  | "price.not_positive"
  | "price.words_mismatch"
  | "price.too_precise"
  | "quality.missing"
  | "rating.exists"
  | "rating.not_member"
  | "rating.note"
  | "rating.score"
  | "receipt.invalid"
  | "receipt.unknown"
  | "recompute.invalid"
  | "recompute.mismatch"
  | "release.exists"
  | "release.file_missing"
  | "release.no_key"
  | "release.not_found"
  | "release.reason"
  | "release.target"
  | "release.version"
  | "release.withdrawn"
  | "remedy.mismatch"
  | "remedy.repeated"
  | "remedy.signature"
  | "report.changed"
  | "report.dissent"
  | "report.font"
  | "report.incomplete"
  | "report.not_found"
  | "report.pdf"
  | "report.signature"
  | "report.signed"
  | "response.attachment_missing"
  | "response.duplicate"
  | "response.missing"
  | "response.text_missing"
  | "response.unknown_item"
  | "result.answered"
  | "result.awarded"
  | "result.mismatch"
  | "result.no_objection"
  | "result.no_report"
  | "result.not_awarded"
  | "result.not_bidder"
  | "result.not_found"
  | "result.publicity_days"
  | "result.publicity_over"
  | "result.publicity_running"
  | "result.published"
  | "result.suspended"
  | "result.text"
  | "result.tied"
  | "review.closed"
  | "review.duplicate"
  | "review.format"
  | "review.missing"
  | "review.reason"
  | "review.tender"
  | "review.unknown"
  | "rule.category"
  | "rule.dates"
  | "rule.field"
  | "rule.not_found"
  | "rule.reason"
  | "rule.retired"
  | "rule.url"
  | "score.closed"
  | "score.comment"
  | "score.decimals"
  | "score.duplicate"
  | "score.file"
  | "score.format"
  | "score.locked"
  | "score.lot"
  | "score.missing"
  | "score.no_scoring"
  | "score.objective_differs"
  | "score.range"
  | "score.review_first"
  | "score.tender"
  | "score.unknown"
  | "security.account"
  | "security.amount"
  | "security.cap"
  | "security.forms"
  | "security.missing"
  | "security.validity"
  | "settings.corrupt"
  | "settings.language"
  | "settings.server"
  | "sheet.invalid"
  | "signature.document"
  | "signature.invalid"
  | "statistics.period"
  | "storage.full"
  | "store.corrupt"
  | "store.db"
  | "store.open"
  | "supervision.department"
  | "supervision.scope"
  | "tender.amendment_notice"
  | "tender.amended"
  | "tender.cancelled"
  | "tender.canonical"
  | "tender.centre"
  | "tender.closed"
  | "tender.custodian"
  | "tender.deadline_past"
  | "tender.decryption_window"
  | "tender.exists"
  | "tender.failed"
  | "tender.file_missing"
  | "tender.file_size"
  | "tender.format"
  | "tender.hash_mismatch"
  | "tender.id"
  | "tender.invalid"
  | "tender.mismatch"
  | "tender.no_lots"
  | "tender.not_found"
  | "tender.not_logged"
  | "tender.not_open"
  | "tender.opening_before_deadline"
  | "tender.period_too_short"
  | "tender.reason"
  | "tender.rollback"
  | "tender.scoring"
  | "tender.signature"
  | "tender.supervision"
  | "tender_draft.damaged"
  | "tender_draft.missing"
  | "tender_draft.unchanged"
  | "tender.title"
  | "tender.unverified"
  | "tender.version"
  | "update.bad_key"
  | "update.bad_signature"
  | "update.check"
  | "update.download"
  | "update.install"
  | "update.no_key"
  | "update.none"
  | "update.not_packaged"
  | "upload.body"
  | "upload.busy"
  | "upload.checksum"
  | "upload.checksum_missing"
  | "upload.chunk_too_large"
  | "upload.closed"
  | "upload.consortium"
  | "upload.empty_chunk"
  | "upload.expired"
  | "upload.incomplete"
  | "upload.length"
  | "upload.not_found"
  | "upload.offset"
  | "upload.offset_missing"
  | "upload.signature"
  | "upload.supersedes"
  | "upload.too_long"
  | "upload.too_many"
  | "uscc.check_mismatch"
  | "uscc.empty_override"
  | "uscc.forbidden_char"
  | "uscc.length"
  | "withdraw.mismatch"
  | "withdraw.signature";

export const CODES: Record<Code, { zh: string; en: string }> = {
  "alert.decided": { zh: "这条预警已有处理意见。", en: "This alert is decided already." },
  "alert.decision": { zh: "处理意见不正确：须写明结论和理由，并由您签名。", en: "The decision is wrong: give the finding and the reasons, signed by you." },
  "alert.not_found": { zh: "没有这条预警。", en: "There is no such alert." },
  "alert.rule": { zh: "预警不正确：须列明至少两名投标人和依据。", en: "The alert is wrong: it names at least two bidders and its evidence." },
  "amount.words": { zh: "金额无法转换为大写，请检查金额格式。", en: "The amount cannot be written in words (大写); check its format." },
  "attachment.bad_name": { zh: "附件名称不可用：不能含有路径或特殊字符。", en: "That attachment name cannot be used: no folders or special characters." },
  "attachment.copy": { zh: "附件无法复制到投标草稿中，请检查磁盘空间和文件权限。", en: "The attachment could not be copied into the draft; check disk space and file permissions." },
  "attachment.duplicate": { zh: "已有同名附件（不区分大小写）。", en: "Another attachment already has this name (letter case aside)." },
  "attachment.file_missing": { zh: "附件文件已不在草稿文件夹中，请重新附加。", en: "An attachment's file is no longer in the draft folder; attach it again." },
  "attachment.not_a_file": { zh: "所选路径不是文件。", en: "The chosen path is not a file." },
  "attachment.unknown": { zh: "草稿中没有这个附件。", en: "The draft has no such attachment." },
  "auction.already_highest": { zh: "您的报价已是最高价，须待他人报价后再加价。", en: "Your bid is the highest; wait for another bid." },
  "auction.announcement_days": { zh: "土地和矿业权出让公告须在竞价开始 20 日前发布。", en: "Land and mining rights are announced 20 days before bidding starts." },
  "auction.below_minimum": { zh: "报价低于当前价加一个加价幅度。", en: "The bid is below the current price plus the increment." },
  "auction.conditions": { zh: "须确认符合公告载明的竞买条件。", en: "Accept the conditions the announcement states." },
  "auction.confirmation": { zh: "签署的成交确认书与平台生成的文本不一致。", en: "The signed confirmation is not the text the platform made." },
  "auction.countdown": { zh: "限时竞价的倒计时须在 60 至 1800 秒之间。", en: "The countdown must be 60 to 1800 seconds." },
  "auction.disclosure_days": { zh: "国有产权须公开披露不少于 20 个工作日后方可竞价。", en: "State property is disclosed for 20 working days before bidding." },
  "auction.dutch": { zh: "减价竞价的设置不正确（仅适用于国有产权）。", en: "The descending auction's settings are wrong (state property only)." },
  "auction.ended": { zh: "竞价已结束（以服务器时间为准）。", en: "Bidding has ended (by the server's clock)." },
  "auction.exists": { zh: "该项目编号的交易已经公告。", en: "An auction with that code was announced already." },
  "auction.field": { zh: "交易公告缺少必填内容。", en: "The announcement lacks a required part." },
  "auction.format": { zh: "交易公告的格式版本不受支持。", en: "The terms' format version is not supported." },
  "auction.go_on_closed": { zh: "挂牌已截止，不能再申请参加限时竞价。", en: "The listing has closed; it is too late to ask for timed bidding." },
  "auction.go_on_without_bid": { zh: "挂牌期间未报价，不能申请参加限时竞价。", en: "Only a bidder who bid during the listing may go on to timed bidding." },
  "auction.id": { zh: "项目编号须为 1–64 位字母、数字、- 或 _。", en: "The project code is 1–64 letters, digits, - or _." },
  "auction.listing_days": { zh: "挂牌时间不得少于 10 个工作日。", en: "A listing stays open for at least 10 working days." },
  "auction.listing_ends": { zh: "挂牌或一次报价的截止时间不正确。", en: "The listing's or the sealed round's close is wrong." },
  "auction.mode": { zh: "本场交易方式不支持此操作。", en: "This trading mode does not take that step." },
  "auction.no_sale": { zh: "本项目流拍，没有成交确认书。", en: "No sale: there is no confirmation." },
  "auction.not_custodian": { zh: "您不是本项目底价的保管人。", en: "You are not a custodian of this auction's reserve." },
  "auction.not_ended": { zh: "竞价尚未结束，不能确定结果。", en: "Bidding has not ended; there is no outcome yet." },
  "auction.not_found": { zh: "没有这个交易项目。", en: "There is no such auction." },
  "auction.not_multiple": { zh: "报价须为起始价加整数倍加价幅度。", en: "The bid must be the starting price plus whole increments." },
  "auction.not_party": { zh: "只有交易中心和竞得人签署成交确认书。", en: "Only the centre and the buyer sign the confirmation." },
  "auction.not_registered": { zh: "您尚未申请参加该项目竞买。", en: "You have not applied to bid in this auction." },
  "auction.not_started": { zh: "竞价尚未开始。", en: "Bidding has not started." },
  "auction.price": { zh: "起始价、加价幅度或保证金不正确。", en: "The starting price, the increment or the deposit is wrong." },
  "auction.publicity_days": { zh: "成交结果在门户网站公示（国有产权5个工作日，土地、矿业权10个工作日）。", en: "The result is public on the portal (state property 5 working days, land and mining rights 10)." },
  "auction.refund_days": { zh: "未竞得人的保证金在竞价结束后5个工作日内退还，竞得人的保证金转作成交价款。", en: "The deposits of those who did not win are returned within 5 working days of the end; the winner's deposit becomes part of the price." },
  "auction.registration_closed": { zh: "竞买报名已截止。", en: "Registration has closed." },
  "auction.registration_deadline": { zh: "竞买报名截止时间不正确。", en: "The registration deadline is wrong." },
  "auction.rehearsal": { zh: "演练平台只接受模拟竞价项目，正式平台不接受模拟竞价项目。", en: "A rehearsal platform takes only rehearsals; a real one takes none." },
  "auction.replay_order": { zh: "竞价记录的时间顺序有误。", en: "The recorded steps are out of time order." },
  "auction.replay_price": { zh: "记录的应价与当时的减价价格不符。", en: "The recorded acceptance is not the descending price of its time." },
  "auction.reserve": { zh: "底价密封有误。", en: "The sealed reserve is refused." },
  "auction.reserve_fixed": { zh: "竞价已开始，底价不能再更改。", en: "Bidding has started: the reserve can no longer be changed." },
  "auction.reserve_missing": { zh: "本项目未密封底价。", en: "No reserve was sealed for this auction." },
  "auction.reserve_pending": { zh: "竞价已结束，正在等待保管人释放底价份额。", en: "Bidding has ended; the custodians' shares of the reserve are awaited." },
  "auction.resume": { zh: "服务器中断后竞价恢复：正在进行的倒计时从恢复时起重新完整计时，挂牌截止落在中断期间的顺延，降价时间表顺延中断时长；中断前的报价有效。", en: "After a server outage bidding resumes: a running countdown starts again in full at the restart, a close the outage took in moves after it, a descending schedule moves on by the outage; bids before it stand." },
  "auction.sealed_twice": { zh: "一次报价每位竞买人只能报价一次。", en: "A sealed round takes one price from each bidder." },
  "auction.share_invalid": { zh: "释放的份额与密封底价的承诺不符。", en: "The released share does not match the sealed reserve's commitments." },
  "auction.share_released": { zh: "您已释放过底价份额。", en: "You have released your share already." },
  "auction.signed": { zh: "您已签署过成交确认书。", en: "You have signed the confirmation already." },
  "auction.statement": { zh: "报价声明与本场交易不符。", en: "The bid statement does not match this auction." },
  "auction.suspended": { zh: "密封底价无法开启，项目已中止，由交易中心处理。", en: "The sealed reserve does not open: the auction is suspended for the centre to decide." },
  "auction.timed_not_eligible": { zh: "只有在挂牌期间报过价的竞买人才能参加限时竞价。", en: "Timed bidding is for bidders who bid during the listing." },
  "auction.verify": { zh: "竞价记录核验未通过。", en: "The auction record does not verify." },
  "audit.chain": { zh: "告警：审计记录与透明日志中记录的链头不一致，审计记录被改动过。", en: "ALARM: the audit trail does not match the chain head the log recorded; it was altered." },
  "audit.search": { zh: "审计查询条件有误：时间须为日期或 RFC 3339 时间。", en: "The audit search is wrong: times are dates or RFC 3339 times." },
  "auth.expired": { zh: "登录已过期，请重新登录。", en: "Your login has expired; log in again." },
  "auth.failed": { zh: "登录失败：身份未知、挑战已过期或签名无效。", en: "Login failed: unknown identity, expired challenge, or invalid signature." },
  "auth.invalid": { zh: "登录凭证无效，请重新登录。", en: "The login token is not valid; log in again." },
  "auth.malformed": { zh: "登录凭证格式不正确。", en: "The login token is malformed." },
  "auth.missing": { zh: "此操作需要先登录。", en: "Log in first." },
  "auth.not_approved": { zh: "该身份尚未通过交易中心审核。", en: "This identity is not approved by the trading centre yet." },
  "auth.origin": { zh: "登录签名所针对的平台地址不是本平台，可能是仿冒平台转发。", en: "The login was signed for another server address; a look-alike server may be relaying it." },
  "auth.role": { zh: "您的身份没有此操作所需的角色。", en: "Your identity does not have the role this needs." },
  "bench.lost": { zh: "压力测试中有投标未取得经核验的回执。", en: "Not every bid in the load run got a verified receipt." },
  "bench.mismatch": { zh: "基准测试中打开的投标文件与固化时不一致。", en: "The bid opened in the benchmark differs from the one sealed." },
  "bench.portal": { zh: "基准测试中有门户页面未正常返回。", en: "Some portal pages did not answer during the bench." },
  "bench.server": { zh: "无法启动基准测试所需的交易服务器。", en: "The trading server for the benchmark could not be started." },
  "avoid.agency": { zh: "回避：专家任职于本项目的招标代理机构。", en: "Stands aside: the expert works for the tender's agency." },
  "avoid.bidder": { zh: "回避：专家任职于本项目的投标人。", en: "Stands aside: the expert works for a bidder of the tender." },
  "avoid.blacklisted": { zh: "回避：专家在信用黑名单中。", en: "Stands aside: the expert is on a credit blacklist." },
  "avoid.frequency": { zh: "回避：专家在规定期间内被抽取次数已达上限。", en: "Stands aside: the expert was drawn the maximum number of times in the period." },
  "avoid.named": { zh: "回避：招标项目指明该专家回避。", en: "Stands aside: the tender names the expert for exclusion." },
  "avoid.removed": { zh: "回避：专家已被清退出库。", en: "Stands aside: the expert was removed from the library." },
  "avoid.same_tenderer": { zh: "回避：专家近期评审过同一招标人的项目。", en: "Stands aside: the expert recently evaluated a tender of the same tenderer." },
  "avoid.suspended": { zh: "回避：专家处于暂停期。", en: "Stands aside: the expert is suspended." },
  "avoid.tenderer": { zh: "回避：专家任职于招标人。", en: "Stands aside: the expert works for the tenderer." },
  "avoid.unavailable": { zh: "回避：专家在评标当日不能参加。", en: "Stands aside: the expert is unavailable on the evaluation day." },
  "backup.invalid": { zh: "备份文件无法恢复：口令不正确，或文件已损坏或不是 Tenderbox 备份。", en: "The backup cannot be restored: wrong passphrase, or the file is damaged or not a Tenderbox backup." },
  "backup.passphrase": { zh: "备份口令至少需要 8 个字符。", en: "The backup passphrase needs at least 8 characters." },
  "backup.write": { zh: "备份文件无法写入。", en: "The backup file cannot be written." },
  "bid.bad_envelope": { zh: "投标文件的加密信封无效。", en: "The bid's sealed envelope is not valid." },
  "bid.file_missing": { zh: "本机找不到您已递交的投标文件。", en: "The sealed file of your delivered bid is not on this computer." },
  "bid.incomplete": { zh: "投标文件还不完整，请按完整性检查补齐后再固化。", en: "The bid is not complete yet; finish the completeness list, then seal." },
  "bid.late": { zh: "已过投标截止时间（以平台服务器时间为准）。", en: "The submission deadline has passed (by the platform server's time)." },
  "bid.missing_stanza": { zh: "投标文件缺少本项目要求的解密分段。", en: "The bid lacks a decryption stanza this tender requires." },
  "bid.not_encrypted": { zh: "平台只接受加密的投标文件。", en: "The platform accepts only sealed (encrypted) bids." },
  "bid.not_found": { zh: "您在该项目没有有效的投标。", en: "You have no active bid in this tender." },
  "bid.not_sealed": { zh: "请先固化并加密投标文件，再提交。", en: "Finalise and seal the bid before submitting it." },
  "bid.seal": { zh: "固化加密失败。", en: "Sealing the bid failed." },
  "bid.supersedes": { zh: "平台上的有效投标与您签名替换的投标不一致，请刷新后重新递交。", en: "Your active bid on the platform is not the one your signed submission replaces; refresh and submit again." },
  "bid.wrong_bidder": { zh: "投标文件中的投标人不是您。", en: "The bid names another bidder, not you." },
  "bid.wrong_committee": { zh: "委员会解密分段不是加密给本项目委员会公钥的。", en: "The committee stanza is not addressed to this tender's committee key." },
  "bid.wrong_recipient": { zh: "投标人解密分段不是加密给您登记的加密公钥，开标时您将无法解密。", en: "The bidder stanza is not addressed to your registered key; you could not decrypt it at the opening." },
  "bid.wrong_tender": { zh: "投标文件是为另一个项目加密的。", en: "The bid is sealed for another tender." },
  "calendar.date": { zh: "日期格式不正确（应为 YYYY-MM-DD）。", en: "The date is not written YYYY-MM-DD." },
  "calendar.kind": { zh: "日期类型须为 holiday（放假）或 workday（调休上班）。", en: "The kind is holiday or workday." },
  "calendar.not_found": { zh: "节假日日历中没有这一天。", en: "The calendar has no entry for that date." },
  "calendar.note": { zh: "请注明该日的名称（如国庆节、调休上班）。", en: "Say what the notice calls the day." },
  "certificate.invalid": { zh: "平台证书无法核验（格式、签发密钥或签名不符）。", en: "A platform certificate does not verify (its form, issuing key or signature)." },
  "clarification.answered": { zh: "该问题已经答复。", en: "This question is already answered." },
  "clarification.closed": { zh: "已过投标截止时间，不再接受澄清问题。", en: "The deadline has passed; questions are closed." },
  "clarification.due": { zh: "答复截止时间必须晚于现在。", en: "The answer must be due after now." },
  "clarification.empty": { zh: "请填写内容。", en: "Write the text." },
  "clarification.mismatch": { zh: "签名的答复与该问题、项目或投标人不符。", en: "The signed answer is not for this question, tender and bidder." },
  "clarification.not_found": { zh: "没有这个问题。", en: "No such question." },
  "clarification.too_long": { zh: "内容过长（最多 2000 字）。", en: "The text is too long (at most 2000 characters)." },
  "committee.author": { zh: "仪式消息中的保管人与您的身份不符。", en: "The ceremony message names another custodian than you." },
  "committee.bad_partial": { zh: "部分解密的保管人编号与发送者不符。", en: "A partial decryption is labelled with another custodian." },
  "committee.bad_share": { zh: "委员会密钥分片无效。", en: "A committee key share is not valid." },
  "committee.bad_stanza": { zh: "委员会解密分段格式不正确。", en: "A committee stanza is malformed." },
  "committee.ceremony": { zh: "委员会密钥仪式的记录无效。", en: "The committee key ceremony's record is not valid." },
  "committee.closed": { zh: "本项目的密钥仪式已结束。", en: "This tender's key ceremony is over." },
  "committee.custodians": { zh: "保管人名单或其平台证书不符合要求。", en: "The custodians or their platform certificates are not in order." },
  "committee.disqualified": { zh: "您已失去本次密钥仪式中的席位。", en: "You lost your seat in this ceremony." },
  "committee.incomplete": { zh: "密钥仪式尚未完成。", en: "The key ceremony is not finished." },
  "committee.key_mismatch": { zh: "委员会公钥只能由保管人的密钥仪式产生，再由变更公告设置。", en: "The committee key comes only from the custodians' ceremony, then an amendment sets it." },
  "committee.no_key": { zh: "密钥仪式尚未产生委员会公钥。", en: "The ceremony has not produced a committee key yet." },
  "committee.no_stanza": { zh: "该投标文件没有委员会解密分段。", en: "This bid has no committee stanza." },
  "committee.none": { zh: "该项目没有委员会密钥。", en: "This tender has no committee key." },
  "committee.not_applicable": { zh: "该投标不属于保管人解密的范围：投标人没有申请委员会解密。", en: "This bid is not for the custodians to open: nobody asked for the committee remedy." },
  "committee.not_custodian": { zh: "您不是该项目的密钥保管人。", en: "You are not a custodian of this tender." },
  "committee.partial": { zh: "部分解密无效。", en: "The partial decryption is not valid." },
  "committee.refused": { zh: "平台拒绝了该仪式消息。", en: "The platform refused the ceremony message." },
  "committee.repeated": { zh: "您已经在本次仪式中发送过这一步。", en: "You have already sent this step in this ceremony." },
  "committee.signature": { zh: "仪式消息的签名无效。", en: "The ceremony message's signature is not valid." },
  "committee.substituted": { zh: "告警：平台显示的以您名义发出的分发不是您制作的。", en: "ALARM: the server shows a deal in your name that you did not make." },
  "committee.unverified": { zh: "委员会公钥无法由签名的仪式记录验证。", en: "The committee key cannot be verified from the signed ceremony record." },
  "complaint.acceptance": { zh: "受理决定不正确：须写明理由，并由您签名。", en: "The acceptance decision is wrong: give the reasons, signed by you." },
  "complaint.decided": { zh: "该投诉已作出处理决定，材料已封存。", en: "The complaint is decided; its file is closed." },
  "complaint.decision": { zh: "处理决定不正确：须写明结论、理由，投诉成立时写明处理措施。", en: "The decision is wrong: give the finding, the reasons, and the measures when upheld." },
  "complaint.field": { zh: "投诉书填写不完整或有误：请按提示修改。", en: "The complaint is incomplete or wrong: correct the field named." },
  "complaint.file": { zh: "投诉附件不符合要求：文件名、大小或哈希有误。", en: "A complaint file is not acceptable: its name, size or hash is wrong." },
  "complaint.handled": { zh: "该投诉已作出此项决定，不能重复处理。", en: "That decision on the complaint is made already." },
  "complaint.late": { zh: "投诉超过投诉时效，只能不予受理。", en: "The complaint was filed after its time limit; it can only be not accepted." },
  "complaint.not_accepted": { zh: "投诉尚未受理，不能作出处理决定。", en: "The complaint must be accepted before it is decided." },
  "complaint.not_found": { zh: "没有该投诉，或您无权查看。", en: "There is no such complaint, or it is not yours to see." },
  "conflict.exists": { zh: "已存在相同的记录。", en: "A record with the same key already exists." },
  "consortium.member": { zh: "联合体成员有误：须为有效的统一社会信用代码和登记名称，且不得重复。", en: "A consortium member is wrong: a valid credit code and the registered name, listed once." },
  "contract.date": { zh: "合同签订时间应在定标之后、不晚于现在。", en: "The contract is signed after the award and not in the future." },
  "contract.not_awarded": { zh: "尚未定标，不能记录合同签订。", en: "The tender is not awarded: no contract can be recorded." },
  "contract.recorded": { zh: "合同签订已记录。", en: "The contract signing is recorded already." },
  "credit.barred_agency": { zh: "该代理机构在信用库中被限制从事代理业务，不能发布招标公告。", en: "This agency is barred from agency work by a credit record and cannot publish." },
  "credit.barred_bidder": { zh: "该主体在信用库中被限制投标，不能提交投标文件。", en: "This entity is barred from bidding by a credit record." },
  "credit.barred_consortium_member": { zh: "联合体成员在信用库中被限制投标，该联合体不能投标。", en: "A consortium member is barred from bidding by a credit record, so the consortium is barred." },
  "credit.barred_expert": { zh: "该专家在信用库中被限制参加评标。", en: "This expert is barred from evaluation by a credit record." },
  "credit.csv": { zh: "信用记录文件无法读取，请检查表头和列数。", en: "The credit file cannot be read; check its header and columns." },
  "credit.date": { zh: "日期不正确，应为 YYYY-MM-DD，且结束日期不早于开始日期。", en: "A date is wrong: use YYYY-MM-DD, the end not before the start." },
  "credit.duplicate": { zh: "同一条信用记录重复出现。", en: "The same credit record appears twice." },
  "credit.field": { zh: "信用记录缺少必填内容。", en: "A credit record is missing a required field." },
  "credit.format": { zh: "信用记录的格式版本不受支持。", en: "This credit record format is not supported." },
  "credit.import": { zh: "信用记录导入失败：有错误的行，未导入任何记录。", en: "The credit import failed: some rows are wrong, nothing was imported." },
  "credit.kind": { zh: "信用记录类别不正确（守信、失信或严重失信）。", en: "The credit record kind is wrong (good, bad or serious)." },
  "credit.not_found": { zh: "没有这条信用记录。", en: "There is no such credit record." },
  "credit.objection": { zh: "异议不能受理。", en: "The objection cannot be accepted." },
  "credit.restriction": { zh: "限制措施不正确。", en: "The restriction is wrong." },
  "credit.signature": { zh: "签名不是由您的身份对该文件作出的。", en: "The signature is not your identity's over this document." },
  "credit.state": { zh: "这条信用记录已被撤销或更正，不能再修改。", en: "This credit record has been revoked or corrected and cannot be changed again." },
  "credit.subject": { zh: "信用主体代码不正确。", en: "The credit subject's code is wrong." },
  "criterion.id": { zh: "评分项编号为空或重复。", en: "A scoring criterion id is empty or repeated." },
  "criterion.points": { zh: "评分项分值不正确。", en: "A scoring criterion's points are not valid." },
  "criterion.unknown": { zh: "招标文件中没有这个评分项。", en: "The tender has no such scoring criterion." },
  "custodians.duplicate": { zh: "同一身份不能占用两个保管人席位。", en: "One identity cannot hold two custodian seats." },
  "custodians.threshold": { zh: "门限不正确：至少 3 名保管人、门限不小于 2 且不大于保管人数。", en: "The threshold is not valid: at least 3 custodians, threshold 2 or more and at most their number." },
  "data.copy": { zh: "复制到新文件夹的数据核对不一致，已放弃移动，原文件夹不变。", en: "The copy in the new folder did not check out; the move was abandoned and the current folder is unchanged." },
  "data.target": { zh: "新的数据文件夹不可用（须为完整路径、新建或空文件夹，且不在当前文件夹内）。", en: "The new data folder cannot be used (a full path to a new or empty folder, not inside the current one)." },
  "deposit.applied_to_price": { zh: "竞得人的保证金已转作成交价款，不予退还。", en: "The winner's deposit is part of the price; it is not returned." },
  "deposit.import": { zh: "银行流水导入失败：有错误的行，未记录任何保证金。", en: "The bank statement import failed: some rows are wrong, nothing was recorded." },
  "deposit.not_due": { zh: "保证金尚未到退还时间。", en: "The deposit is not due back yet." },
  "deposit.not_found": { zh: "没有这笔保证金。", en: "There is no such deposit." },
  "deposit.reference": { zh: "付款附言不对应任何投标，请退回付款人。", en: "The transfer reference matches no bid; return it to the payer." },
  "deposit.refund": { zh: "退还记录不正确。", en: "The refund record is wrong." },
  "deposit.statement": { zh: "银行流水的行不正确。", en: "A bank statement row is wrong." },
  "draft.damaged": { zh: "投标草稿已损坏。", en: "The bid draft is damaged." },
  "draft.exists": { zh: "该文件夹中已有投标草稿。", en: "A bid draft already exists in that folder." },
  "draft.format": { zh: "投标草稿的格式版本不受支持。", en: "The bid draft's format version is not supported." },
  "draft.incomplete": { zh: "投标草稿尚未完成。", en: "The bid draft is incomplete." },
  "draft.not_a_draft": { zh: "该文件夹不是投标草稿。", en: "That folder is not a bid draft." },
  "draft.supervision": { zh: "草稿中的监管机构证书无效。", en: "The supervision certificates kept with the draft are not valid." },
  "draw.answer_late": { zh: "答复期限已过，本次邀请已失效。", en: "The time to answer has passed; the invitation lapsed." },
  "draw.answer_minutes": { zh: "专家答复时限须为 5 至 1440 分钟。", en: "Experts answer within 5 to 1440 minutes." },
  "draw.answered": { zh: "该邀请已经答复过。", en: "This invitation was answered already." },
  "draw.decline_reason": { zh: "请填写不能参加的理由（仅交易中心可见）。", en: "Give the reason you cannot serve (only the centre sees it)." },
  "draw.entropy": { zh: "监督员随机数须为 1 至 256 字节（十六进制）。", en: "The supervisor's entropy must be 1 to 256 bytes, as hex." },
  "draw.exclusion": { zh: "指定回避的专家须写明理由。", en: "Give the reason to exclude the named expert." },
  "draw.invalid": { zh: "抽取申请不符合规定。", en: "The committee request is not valid." },
  "draw.lot": { zh: "该项目没有这个标段。", en: "The tender has no such lot." },
  "draw.not_found": { zh: "没有这次抽取（或这份邀请）。", en: "No such draw (or invitation)." },
  "draw.not_revealed": { zh: "抽取结果尚未公开：评标结束、结果公布后才能评价专家。", en: "The draw is not revealed yet: experts are rated after the evaluation." },
  "draw.not_yours": { zh: "这份邀请是发给另一位专家的。", en: "This invitation is for another expert." },
  "draw.settings": { zh: "抽取设置不合理：每个周期至少允许抽取 1 次，周期不超过 366 天。", en: "The draw settings are not sensible: at least one draw per window, windows of at most 366 days." },
  "draw.start": { zh: "评标开始时间已过。", en: "The evaluation start time has passed." },
  "draw.state": { zh: "这次抽取当前的状态不允许此操作。", en: "The draw is not in a state that allows this." },
  "draw.tender": { zh: "该项目已终止或失败，没有评标。", en: "The tender was cancelled or failed; there is no evaluation." },
  "draw.too_early": { zh: "评标委员会名单在评标开始前保密，尚不能公开。", en: "The committee stays confidential until the evaluation; it cannot be revealed yet." },
  "draw.venues": { zh: "评标场地不对：须有且只有一个主场，均为本平台的交易中心，每个场地都要抽取专家。", en: "The venues are not right: exactly one main venue, each a centre of the platform, each with experts to draw." },
  "draw.verify": { zh: "抽取验证未通过：公开的数据与日志中记录的不一致。", en: "The draw does not verify: the published data does not match what the log recorded." },
  "duration.missing": { zh: "请填写工期（天）。", en: "Enter the construction period (days)." },
  "draw.counts": { zh: "各专业抽取人数之和须等于委员会中的专家人数。", en: "The experts per specialty must add up to the committee's experts." },
  "draw.experts_share": { zh: "技术、经济等方面的专家不得少于成员总数的三分之二。", en: "Technical and economic experts must be at least two thirds of the committee." },
  "draw.reserves": { zh: "每个专业最多抽取 2 名候补专家。", en: "At most 2 reserve experts per specialty." },
  "draw.size": { zh: "评标委员会成员人数须为 5 人以上单数。", en: "A committee has 5 or more members, an odd number." },
  "envelope.bad_header": { zh: "加密信封的文件头无效。", en: "The envelope header is not valid." },
  "envelope.corrupt": { zh: "加密信封已损坏或被篡改。", en: "The envelope is damaged or was tampered with." },
  "envelope.duplicate": { zh: "加密信封中有重复的解密分段。", en: "The envelope has a repeated stanza." },
  "envelope.header_mac": { zh: "加密信封的文件头校验失败。", en: "The envelope header's MAC does not verify." },
  "envelope.missing_stanza": { zh: "加密信封缺少必需的解密分段。", en: "The envelope lacks a required stanza." },
  "envelope.no_committee_key": { zh: "项目还没有委员会公钥，无法加密到委员会。", en: "The tender has no committee key to seal to yet." },
  "envelope.no_matching_stanza": { zh: "没有可用您的密钥打开的解密分段。", en: "No stanza opens with your key." },
  "envelope.not_envelope": { zh: "这不是 Tenderbox 加密投标文件。", en: "This is not a Tenderbox sealed envelope." },
  "envelope.suite": { zh: "加密信封使用了不支持的算法套件。", en: "The envelope uses an unsupported algorithm suite." },
  "envelope.truncated": { zh: "加密信封不完整（文件被截断）。", en: "The envelope is truncated." },
  "envelope.unencrypted": { zh: "投标文件未加密。", en: "The bid is not encrypted." },
  "envelope.version": { zh: "加密信封的版本不受支持。", en: "The envelope version is not supported." },
  "evaluation.bid_unverified": { zh: "投标文件未通过本机验证（文件哈希、投标人签名或解密密钥不符），不予显示。", en: "A bid did not verify on this computer (file hash, bidder signature or key), so it is not shown." },
  "evaluation.bidder": { zh: "该单位不是本项目的投标人。", en: "That company is not a bidder of this tender." },
  "evaluation.candidate": { zh: "只能选举已声明无回避事由的委员会成员为主任委员。", en: "Only a member who declared no conflict can be elected chair." },
  "evaluation.chair_elected": { zh: "主任委员已经选出。", en: "The chair is elected already." },
  "evaluation.chair_only": { zh: "由主任委员代表评标委员会向投标人发出澄清问题。", en: "The chair sends the committee's questions." },
  "evaluation.closed": { zh: "评标报告已经定稿，评标已结束：投标文件和评分表不再开放。", en: "The evaluation is over: its report is final and the bids and sheets are closed." },
  "evaluation.declare_first": { zh: "请先就各投标人声明有无回避事由，再参加投票。", en: "Declare your conflicts with the bidders before voting." },
  "evaluation.declared": { zh: "您已经作出回避声明。", en: "You declared already." },
  "evaluation.declared_conflict": { zh: "成员自行声明回避，已退出评标委员会。", en: "The member declared a conflict and left the committee." },
  "evaluation.invalid": { zh: "提交的评标材料不符合要求。", en: "What was submitted for the evaluation is not valid." },
  "evaluation.left": { zh: "您已声明回避并退出本项目的评标委员会。", en: "You declared a conflict and left this committee." },
  "evaluation.no_bid": { zh: "本项目没有这份已开标的投标文件。", en: "No such opened bid in this tender." },
  "evaluation.no_committee": { zh: "本项目还没有抽取评标委员会。", en: "No committee has been drawn for this tender yet." },
  "evaluation.no_request": { zh: "超过三分之一的成员认为时间不够时，方可延长评标时间。", en: "The evaluation is extended only when more than a third of the members say the time is too short." },
  "evaluation.not_deviating": { zh: "您对该投标人的评分没有超出招标文件规定的偏离度，无需说明。", en: "Your score for that bidder does not deviate beyond the tender's threshold." },
  "evaluation.not_member": { zh: "只有本项目评标委员会的成员（以及交易中心管理员、监督人员）可以进入评标。", en: "Only the committee of this tender (and centre admins and supervisors) take part in the evaluation." },
  "evaluation.not_opened": { zh: "本项目尚未形成开标记录，开标之后才能评标。", en: "The tender has no opening record yet: the evaluation follows the opening." },
  "evaluation.not_started": { zh: "评标尚未开始。", en: "The evaluation has not started yet." },
  "evaluation.not_tied": { zh: "该标段没有需要确定的并列情形。", en: "The lot has no open tie to decide." },
  "evaluation.note_too_long": { zh: "理由或说明最多 1000 字。", en: "A reason or comment has at most 1000 characters." },
  "evaluation.reason": { zh: "请写明理由。", en: "Give the reason." },
  "evaluation.report_exists": { zh: "评标报告已经生成，不能再修改评审内容。", en: "The report is drawn up; the evaluation can no longer change." },
  "evaluation.representative": { zh: "招标人代表须为招标人本单位已审核通过的身份。", en: "The representative must be an approved identity of the tenderer." },
  "evaluation.representatives_full": { zh: "评标委员会为招标人代表保留的席位已全部委派。", en: "The committee's seats for the tenderer's representatives are all appointed." },
  "evaluation.voted": { zh: "您已经投过票。", en: "You voted already." },
  "exchange.not_configured": { zh: "没有配置省级平台的接收地址，数据不推送。", en: "No provincial endpoint is configured; nothing is pushed." },
  "expert.availability": { zh: "请按 YYYY-MM-DD 填写不能参加评标的日期（最多 366 天）。", en: "Give the days the expert cannot serve as YYYY-MM-DD (at most 366)." },
  "expert.centre": { zh: "所属中心不是本平台的交易中心（如 HZ、HZ-WX）。", en: "The centre is not one of the platform's (e.g. HZ, HZ-WX)." },
  "expert.csv": { zh: "文件格式不对：首行须为规定的列名，每行 10 列，UTF-8 编码。", en: "The file is not in the format: the first line names the columns, 10 columns a row, UTF-8." },
  "expert.duplicate": { zh: "专家编号重复（文件中已出现，或已在专家库中）。", en: "The expert's code is repeated (earlier in the file, or already in the library)." },
  "expert.field": { zh: "该项缺失或格式不正确。", en: "The value is missing or not in its format." },
  "expert.import": { zh: "导入文件中有不合格的行，未导入任何专家；请按行号修改后重新导入。", en: "Some rows of the file are not right, so no expert was imported; fix them by their line numbers and import again." },
  "expert.link": { zh: "该身份不能关联到这位专家：须为已批准的评标专家身份，姓名和单位信用代码须与专家库一致。", en: "This identity cannot be linked to the expert: it must be an approved evaluator with the same name and employer code as the library." },
  "expert.not_found": { zh: "专家库中没有这位专家。", en: "No such expert in the library." },
  "expert.reason": { zh: "请填写变更理由。", en: "Give the reason for the change." },
  "expert.removed": { zh: "该专家已被清退出库，不能再变更。", en: "The expert was removed from the library and cannot be changed." },
  "expert.specialty": { zh: "请填写 1 至 4 个专业代码（如 A08、A0801）。", en: "Give one to four specialty codes (e.g. A08, A0801)." },
  "expert.status": { zh: "专家状态须为在库、暂停（须写明截止日期）或清退。", en: "The status must be active, suspended (with its end) or removed." },
  "expert.title": { zh: "评标专家须具有高级职称或同等专业水平。", en: "An evaluation expert needs a senior title." },
  "expert.years": { zh: "评标专家须从事相关领域工作满 8 年。", en: "An evaluation expert needs 8 years in the field." },
  "file.body": { zh: "文件传输中断，请重试。", en: "The file transfer was cut off; try again." },
  "file.changed": { zh: "文件在列入清单后被修改过。", en: "The file changed after it was listed." },
  "file.duplicate": { zh: "招标文件包中有同名文件。", en: "Two package files have the same name." },
  "file.empty": { zh: "文件为空。", en: "The file is empty." },
  "file.hash_mismatch": { zh: "下载的文件与签名的招标文件所列哈希不符，已丢弃。", en: "The downloaded file does not match the hash the signed tender lists; it was discarded." },
  "file.missing": { zh: "找不到招标文件包中的文件。", en: "A package file is missing." },
  "file.name": { zh: "文件名不可用。", en: "The file name cannot be used." },
  "file.not_found": { zh: "该项目没有这个文件。", en: "The tender lists no such file." },
  "file.range": { zh: "请求的文件范围无效。", en: "The requested file range is not valid." },
  "file.size": { zh: "文件大小与招标文件所列不符。", en: "The file size differs from what the tender lists." },
  "file.too_large": { zh: "文件超过大小上限。", en: "The file is too large." },
  "guarantee.exists": { zh: "该保函编号已出具过。", en: "This guarantee number was issued already." },
  "guarantee.late": { zh: "投标截止时间已过，保函不能再出具或撤销。", en: "The deadline has passed: the guarantee can no longer be issued or revoked." },
  "guarantee.not_found": { zh: "没有这份保函。", en: "There is no such guarantee." },
  "guarantee.revoked": { zh: "该保函已被撤销。", en: "This guarantee has been revoked." },
  "guarantee.signature": { zh: "电子保函不是由您的身份签名的。", en: "The guarantee is not signed by your identity." },
  "guarantee.terms": { zh: "电子保函不符合招标文件的要求。", en: "The electronic guarantee does not meet the tender's terms." },
  "idempotency.body": { zh: "请求内容过大，无法重复提交。", en: "The request body is too large to be replayed." },
  "idempotency.mismatch": { zh: "同一幂等键已用于另一请求。", en: "This idempotency key was used for another request." },
  "form.number": { zh: "请填写正确的数字（金额最多两位小数）。", en: "Enter a valid number (money to at most 2 decimals)." },
  "form.required": { zh: "此项必填。", en: "This field is required." },
  "form.time": { zh: "请填写日期和时间（北京时间）。", en: "Enter the date and time (Beijing time)." },
  "form.trading_type": { zh: "请选择交易类型：工程建设或政府采购。", en: "Choose the trading type: engineering or government procurement." },
  "identity.documents": { zh: "注册材料不符合要求：每份须为 20 MB 以内的文件，最多 5 份，材料清单须由本身份签名。", en: "The registration documents are not in order: at most 5 files of up to 20 MB each, listed and signed by the identity." },
  "identity.decided": { zh: "该登记申请已经处理过。", en: "This registration was already decided." },
  "identity.exists": { zh: "该身份已经登记。", en: "This identity is already registered." },
  "identity.invalid": { zh: "身份文件无法验证。", en: "The identity document does not verify." },
  "identity.missing": { zh: "身份未能保存。", en: "The identity was not saved." },
  "identity.name": { zh: "请填写营业执照上的单位名称。", en: "Enter the organisation's name as on its business licence." },
  "identity.none": { zh: "请先创建身份。", en: "Create an identity first." },
  "identity.not_found": { zh: "没有这个身份。", en: "No such identity." },
  "identity.reason": { zh: "驳回时请填写理由。", en: "Give the reason for the rejection." },
  "identity.roles": { zh: "申请的角色不可用。", en: "A role asked for is not available." },
  "ipc.body": { zh: "窗口未发送文件内容。", en: "The window did not send the file's bytes." },
  "ipc.header": { zh: "窗口发送的附件信息不完整。", en: "The window sent incomplete attachment details." },
  "item.criterion": { zh: "响应项关联的评分项不在评标办法中。", en: "An item refers to a criterion outside the evaluation method." },
  "item.id": { zh: "响应项编号为空或重复。", en: "An item id is empty or repeated." },
  "key.invalid": { zh: "密钥无效。", en: "The key is not valid." },
  "keystore.bad_identity": { zh: "保存的身份无效。", en: "The stored identity is not valid." },
  "keystore.corrupt": { zh: "密钥文件已损坏。", en: "The key file is damaged." },
  "keystore.exists": { zh: "已有同名身份。", en: "An identity with this name already exists." },
  "keystore.keychain": { zh: "系统钥匙串出错。", en: "The OS keychain failed." },
  "keystore.locked": { zh: "请先在“我的身份”中输入口令解锁密钥文件。", en: "Unlock your key file under My identity first." },
  "keystore.no_keychain": { zh: "本机没有可用的系统钥匙串，请改用加密密钥文件。", en: "There is no system keychain here; use a passphrase-encrypted key file." },
  "keystore.no_passphrase": { zh: "请为密钥文件设置口令。", en: "Choose a passphrase for the key file." },
  "keystore.not_found": { zh: "找不到该身份的密钥。", en: "No keys for this identity." },
  "keystore.passphrase_mismatch": { zh: "两次输入的口令不一致。", en: "The two passphrases differ." },
  "keystore.same": { zh: "密钥已经保存在这里。", en: "The key is already kept there." },
  "keystore.verify": { zh: "密钥写入新位置后读回不一致，已保留原处的密钥。", en: "The key read back from its new place differs; the key stays where it was." },
  "keystore.weak_passphrase": { zh: "口令至少需要 8 个字符。", en: "The passphrase needs at least 8 characters." },
  "keystore.wrong_passphrase": { zh: "口令不正确。", en: "Wrong passphrase." },
  "log.checkpoint": { zh: "透明日志检查点无效。", en: "The log checkpoint is not valid." },
  "log.event": { zh: "告警：平台显示的开标记录不在透明日志中。请勿依据该数据，并联系交易中心和监督部门。", en: "ALARM: the opening data the platform shows is not in the transparency log. Do not rely on it; contact the trading centre and the supervisor." },
  "log.fork": { zh: "告警：透明日志出现分叉，与本机核验过的记录不一致。", en: "ALARM: the transparency log forked from what this computer verified." },
  "log.inclusion": { zh: "日志包含证明无效。", en: "The log inclusion proof is not valid." },
  "log.index": { zh: "日志序号超出范围。", en: "The log index is out of range." },
  "log.key": { zh: "平台日志公钥无效。", en: "The platform's log key is not valid." },
  "log.key_changed": { zh: "告警：平台的日志公钥变了，这不是您之前核验过的日志。", en: "ALARM: the platform's log key changed; this is not the log you verified before." },
  "log.key_mismatch": { zh: "输入的指纹与平台提供的公钥不一致。请勿继续，并与交易中心核实。", en: "The fingerprint you typed is not the platform's key. Do not continue; check with the trading centre." },
  "log.range": { zh: "请求的日志范围无效。", en: "The requested log range is not valid." },
  "log.receipt": { zh: "告警：回执不在本机核验的透明日志中。", en: "ALARM: a receipt is not in the log as this computer verified it." },
  "log.size": { zh: "日志规模无效。", en: "The log size is not valid." },
  "log.sizes": { zh: "一致性证明的日志规模无效。", en: "The log sizes of the consistency proof are not valid." },
  "log.state": { zh: "本机保存的日志状态无法读取。", en: "The log state stored on this computer cannot be read." },
  "log.unpinned": { zh: "尚未核对平台日志公钥，请先在首页核对指纹。", en: "The platform's log key is not confirmed yet; confirm its fingerprint first." },
  "lot.ambiguous": { zh: "招标有多个标段，请指定标段。", en: "The tender has several lots; name one." },
  "lot.ceiling_price": { zh: "标段最高投标限价无效。", en: "A lot's ceiling price is not valid." },
  "lot.duplicate": { zh: "标段编号重复。", en: "A lot id is repeated." },
  "lot.id": { zh: "标段编号为空。", en: "A lot id is empty." },
  "lot.none": { zh: "招标文件没有标段。", en: "The tender has no lots." },
  "lot.unknown": { zh: "招标文件中没有这个标段。", en: "The tender has no such lot." },
  "method.price": { zh: "评标办法的价格分设置无效。", en: "The evaluation method's price scoring is not valid." },
  "method.total": { zh: "评分项分值之和必须为 100。", en: "The scoring criteria must add up to 100 points." },
  "net.offline": { zh: "无法连接交易平台，请检查网络；联网后会自动继续。", en: "The trading platform cannot be reached; check the network. Work continues when it is back." },
  "net.protocol": { zh: "平台的回应不符合协议。", en: "The platform's answer does not follow the protocol." },
  "objection.empty": { zh: "请填写异议内容。", en: "Write what you object to." },
  "objection.empty_answer": { zh: "请填写答复内容。", en: "Write the answer." },
  "objection.not_found": { zh: "没有这条异议。", en: "No such objection." },
  "open_data.invalid": { zh: "开放数据不符合 OCDS 标准的数据结构。", en: "The open data breaks the OCDS schema." },
  "opening.bad_bid": { zh: "投标文件在开标时无法打开或校验失败。", en: "The bid could not be opened or failed its checks at the opening." },
  "opening.bad_key": { zh: "提交的文件密钥无法打开该投标文件。", en: "The file key sent does not open the bid." },
  "opening.confirmed": { zh: "您已确认开标记录。", en: "You have already confirmed the opening record." },
  "opening.decided": { zh: "您的投标文件的解密结果已记录。", en: "Your bid's outcome is already recorded." },
  "opening.decrypt": { zh: "解密失败。", en: "Decryption failed." },
  "opening.fault_signature": { zh: "平台故障声明的签名无效。", en: "The platform-fault declaration's signature is not valid." },
  "opening.fault_tender": { zh: "平台故障声明针对的是另一个项目或投标。", en: "The platform-fault declaration is for another tender or bid." },
  "opening.key_format": { zh: "文件密钥格式不正确。", en: "The file key is malformed." },
  "opening.no_record": { zh: "尚无开标记录。", en: "There is no opening record yet." },
  "opening.no_remedy": { zh: "本项目不允许委员会代为解密。", en: "This tender does not allow the committee remedy." },
  "opening.not_bidder": { zh: "您不是本项目的投标人。", en: "You are not a bidder in this tender." },
  "opening.not_closed": { zh: "投标尚未截止（以透明日志中的截止事件为准），不会释放任何密钥。", en: "Bidding has not closed (by the close event in the log); no key is released." },
  "opening.not_signed_in": { zh: "请先签到，再解密。", en: "Sign in to the opening hall first." },
  "opening.not_yet": { zh: "尚未到开标时间。", en: "The opening has not started yet." },
  "opening.fault_sha": { zh: "请填写投标人回执上的文件 SHA-256（64 位十六进制）。", en: "Give the bid's SHA-256 from the bidder's receipt (64 hex digits)." },
  "opening.reason": { zh: "请填写理由。", en: "Give the reason." },
  "opening.record_unverified": { zh: "开标记录的平台签名无法核验。", en: "The platform's signature on the opening record does not verify." },
  "opening.recorded": { zh: "开标记录已生成，无法再更改。", en: "The opening record is made; it can no longer change." },
  "opening.remedy": { zh: "委员会解密申请无效。", en: "The committee remedy request is not valid." },
  "opening.sign_in_window": { zh: "不在签到时间内。", en: "This is outside the sign-in time." },
  "opening.window": { zh: "现在不在解密时间内。", en: "This is not the decryption window." },
  "opening.window_open": { zh: "解密时间窗口尚未结束。", en: "The decryption window is still open." },
  "outbox.changed": { zh: "固化后的投标文件在排队后被改动，请重新固化。", en: "The sealed file changed after it was queued; seal the bid again." },
  "outbox.missing": { zh: "发送队列中没有这一项。", en: "Nothing in the outbox has this id." },
  "outbox.sent": { zh: "该投标已经递交，回执在回执列表中。", en: "This bid was already sent; its receipt is in the list." },
  "output.exists": { zh: "输出位置已存在文件。", en: "The output already exists." },
  "package.attachment_mismatch": { zh: "投标文件中的附件与清单不符。", en: "The bid's attachments differ from its manifest." },
  "package.bad_name": { zh: "投标文件中有不可用的附件名。", en: "The bid has an attachment name that cannot be used." },
  "package.bad_signature": { zh: "投标文件的签名无效。", en: "The bid's signature is not valid." },
  "package.duplicate": { zh: "投标文件中有重复的附件。", en: "The bid has a repeated attachment." },
  "package.malformed": { zh: "投标文件的内容格式不正确。", en: "The bid's package is malformed." },
  "package.manifest_mismatch": { zh: "投标文件清单与草稿不符。", en: "The bid's manifest differs from the draft." },
  "package.not_package": { zh: "这不是投标文件包。", en: "This is not a bid package." },
  "package.signer_mismatch": { zh: "投标文件不是由登记的投标人签名的。", en: "The bid is not signed by the registered bidder." },
  "personnel.id": { zh: "身份证号码不正确：须为 17 位数字加 1 位校验码。", en: "The identity number is wrong: 17 digits and a check character." },
  "portal.centre": { zh: "没有这个交易中心。", en: "There is no such trading centre." },
  "portal.day": { zh: "日期应为 YYYY-MM-DD。", en: "The day must be a date YYYY-MM-DD." },
  "portal.kind": { zh: "没有这个信用记录类别。", en: "There is no such kind of credit record." },
  "portal.not_found": { zh: "没有这个页面或文件。", en: "There is no such page or file." },
  "portal.stage": { zh: "没有这个项目状态。", en: "There is no such status." },
  "portal.type": { zh: "没有这个交易类型。", en: "There is no such trading type." },
  "portal.year": { zh: "没有该年度的统计。", en: "There are no statistics for that year." },
  "price.above_ceiling": { zh: "报价超过最高投标限价。", en: "The price is above the ceiling price." },
  "price.bad_amount": { zh: "请输入金额（元），最多两位小数。", en: "Enter an amount in yuan with at most two decimals." },
  "price.invalid": { zh: "报价无效。", en: "The price is not valid." },
  "price.missing": { zh: "请填写投标报价。", en: "Enter the bid price." },
  "price.not_positive": { zh: "报价必须大于零。", en: "The price must be above zero." },
  "price.words_mismatch": { zh: "大写金额与小写报价不一致，该投标不予唱标。", en: "The amount in words does not match the figure; the bid is not read out." },
  "price.too_precise": { zh: "金额最多保留两位小数（分）。", en: "The amount has at most two decimals (fen)." },
  "quality.missing": { zh: "请填写质量承诺。", en: "Enter the quality commitment." },
  "rating.exists": { zh: "您已经评价过这位专家在本项目中的表现。", en: "You rated this expert for this committee already." },
  "rating.not_member": { zh: "该专家没有参加本项目的评标委员会。", en: "The expert did not sit on this committee." },
  "rating.note": { zh: "评分为 2 分及以下时，请写明具体情况。", en: "A score of 2 or less needs a note saying what happened." },
  "rating.score": { zh: "每项评分须为 1 至 5 的整数。", en: "Each score is a whole number from 1 to 5." },
  "receipt.invalid": { zh: "回执无法用本机核对的平台日志公钥验证。", en: "The receipt does not verify against the pinned log key." },
  "receipt.unknown": { zh: "没有这份回执。", en: "No such receipt." },
  "recompute.invalid": { zh: "公布的评标结果无法重新计算（数据不完整或不一致）。", en: "The published result cannot be recomputed: its data is incomplete or inconsistent." },
  "recompute.mismatch": { zh: "公布的评标结果与重新计算的结果不一致。", en: "The published result differs from the recomputation." },
  "release.exists": { zh: "该版本的这种安装包已经发布过。", en: "This version's package of that kind is already published." },
  "release.file_missing": { zh: "安装包文件还没有上传到服务器。", en: "The package file is not uploaded to the server yet." },
  "release.no_key": { zh: "交易服务器没有配置更新公钥，不能发布更新。", en: "The trading server has no update key configured, so it publishes no updates." },
  "release.not_found": { zh: "没有这个版本。", en: "No such release." },
  "release.reason": { zh: "请填写撤回理由。", en: "Give the reason the release is withdrawn." },
  "release.target": { zh: "不支持的平台或安装包类型。", en: "That platform or package kind is not supported." },
  "release.version": { zh: "版本号格式不正确（例如 1.2.3）。", en: "The version is not valid (e.g. 1.2.3)." },
  "release.withdrawn": { zh: "该版本已经撤回。", en: "This release is already withdrawn." },
  "remedy.mismatch": { zh: "委员会解密申请与投标不符。", en: "The committee remedy request does not match the bid." },
  "remedy.repeated": { zh: "已经申请过委员会解密。", en: "The committee remedy was already requested." },
  "remedy.signature": { zh: "委员会解密申请的签名无效。", en: "The committee remedy request's signature is not valid." },
  "report.changed": { zh: "您签署的不是当前的评标报告（JSON 或 PDF 的哈希不一致）。", en: "You signed another report: its JSON or PDF hash differs." },
  "report.dissent": { zh: "请写明不同意见及其理由。", en: "Write the dissent and its reasons." },
  "report.font": { zh: "服务器缺少生成评标报告所需的中文字体（fonts-noto-cjk）。", en: "The server lacks the Chinese font the report PDF needs (fonts-noto-cjk)." },
  "report.incomplete": { zh: "评标工作尚未完成，暂不能生成评标报告。", en: "The evaluation is not complete; the report cannot be drawn up yet." },
  "report.not_found": { zh: "本项目还没有评标报告。", en: "The tender has no evaluation report yet." },
  "report.pdf": { zh: "评标报告 PDF 无法生成。", en: "The report PDF could not be written." },
  "report.signature": { zh: "该签名不是针对本项目和您的席位。", en: "The signature is not for this tender and your seat." },
  "report.signed": { zh: "您已经签署了评标报告。", en: "You signed the report already." },
  "response.attachment_missing": { zh: "该响应项需要附件。", en: "This item needs an attachment." },
  "response.duplicate": { zh: "响应项重复。", en: "A response is repeated." },
  "response.missing": { zh: "还有响应项未填写。", en: "An item has no response yet." },
  "response.text_missing": { zh: "该响应项需要文字说明。", en: "This item needs a written response." },
  "response.unknown_item": { zh: "招标文件中没有这个响应项。", en: "The tender has no such item." },
  "result.answered": { zh: "该异议已经答复。", en: "This objection is answered already." },
  "result.awarded": { zh: "本项目已经定标。", en: "The tender is awarded already." },
  "result.mismatch": { zh: "签名的文本不是针对本项目的异议或答复。", en: "The signed text is not an objection or answer for this tender." },
  "result.no_objection": { zh: "没有这项异议。", en: "No such objection." },
  "result.no_report": { zh: "本项目的评标报告尚未定稿。", en: "The tender has no final evaluation report yet." },
  "result.not_awarded": { zh: "本项目尚未定标。", en: "The tender is not awarded yet." },
  "result.not_bidder": { zh: "只有本项目的投标人可以提出异议或查看结果通知。", en: "Only bidders of the tender may object or read its result notice." },
  "result.not_found": { zh: "本项目尚未公示中标候选人。", en: "The tender's candidates are not published yet." },
  "result.publicity_days": { zh: "中标候选人公示期不得少于 3 日。", en: "The candidates are published for at least 3 days." },
  "result.publicity_over": { zh: "公示期已经结束，不再受理异议。", en: "The publicity is over; objections are closed." },
  "result.publicity_running": { zh: "公示期尚未结束，不能定标。", en: "The publicity is still running; the tender cannot be awarded yet." },
  "result.published": { zh: "中标候选人已经公示。", en: "The candidates are published already." },
  "result.suspended": { zh: "有异议尚未答复，定标暂停。", en: "An objection awaits its answer; the award waits for it." },
  "result.text": { zh: "请填写内容（最多 2000 字）。", en: "Write the text (at most 2000 characters)." },
  "result.tied": { zh: "有标段的中标候选人得分并列，须按招标文件规定的方式确定后才能定标。", en: "A tie in a lot is not decided yet." },
  "review.closed": { zh: "全体成员的评审表均已提交，评标委员会的评审结论已经形成。", en: "Every member's review is in and the committee's conclusion is drawn." },
  "review.duplicate": { zh: "同一审查项目重复评审。", en: "An item is marked twice." },
  "review.format": { zh: "评审表格式不受支持。", en: "The review sheet's format is not supported." },
  "review.missing": { zh: "还有审查项目未评审。", en: "An item of a bid is not marked yet." },
  "review.reason": { zh: "不通过的审查项目必须写明理由。", en: "Every fail needs a written reason." },
  "review.tender": { zh: "评审表不属于本项目或本席位。", en: "The review sheet is for another tender or seat." },
  "review.unknown": { zh: "该审查项目不属于这份投标。", en: "That item is not part of this bid's review." },
  "rule.category": { zh: "请选择规则类别：综合、工程建设、政府采购、土地矿业权、国有产权。", en: "Choose the rule's category: general, engineering, procurement, land and mining rights, state property." },
  "rule.dates": { zh: "规则的废止日期须晚于施行日期。", en: "A rule must end after it takes effect." },
  "rule.field": { zh: "请填写规则名称、发布机关和文号（长度不超过限制）。", en: "Enter the rule's title, issuing body and document number (within their lengths)." },
  "rule.not_found": { zh: "没有这条规则。", en: "No such rule." },
  "rule.reason": { zh: "请填写废止理由。", en: "Give the reason the rule is retired." },
  "rule.retired": { zh: "该规则已经废止。", en: "This rule is already retired." },
  "rule.url": { zh: "原文地址须以 http:// 或 https:// 开头。", en: "The address of the official text must start with http:// or https://." },
  "score.closed": { zh: "本标段全体成员的评分表均已提交，评分已经汇总。", en: "Every member's sheet for the lot is in and the lot is evaluated." },
  "score.comment": { zh: "评分为该项最高分或零分时，必须写明评分说明。", en: "A score at either end of a criterion's range needs a comment." },
  "score.decimals": { zh: "评分的小数位数超过了招标文件的规定。", en: "The score has more decimal places than the tender allows." },
  "score.duplicate": { zh: "同一评分项重复打分。", en: "A criterion is scored twice for the bid." },
  "score.file": { zh: "评分文件有错误的行（列为 bidder,criterion,score,comment）。", en: "The score file has bad lines (columns bidder,criterion,score,comment)." },
  "score.format": { zh: "评分表格式不受支持。", en: "The score sheet's format is not supported." },
  "score.locked": { zh: "其他成员的评分表已经提交，您的主观评分已锁定，只能更正客观评分。", en: "Another member's sheet is in, so your subjective scores are locked; only objective scores may be corrected." },
  "score.lot": { zh: "本项目没有这个标段。", en: "The tender has no such lot." },
  "score.missing": { zh: "还有评分项未打分。", en: "A criterion of a bid is not scored yet." },
  "score.no_scoring": { zh: "本项目采用经评审的最低投标价法，不需要打分。", en: "This tender is evaluated by the lowest evaluated price: nothing is scored." },
  "score.objective_differs": { zh: "客观评分项各成员的评分应当一致，请核对后重新提交。", en: "Members' scores for an objective criterion differ; they must agree." },
  "score.range": { zh: "评分超出了该评分项的分值范围。", en: "The score is outside the criterion's range." },
  "score.review_first": { zh: "全体成员的资格和符合性审查完成后才能开始打分。", en: "Scoring starts when every member's review is in." },
  "score.tender": { zh: "评分表不属于本项目、本席位或本标段。", en: "The score sheet is for another tender, seat or lot." },
  "score.unknown": { zh: "评分项或投标人不属于本标段的评分范围。", en: "That criterion or bidder is not part of this lot's scoring." },
  "security.account": { zh: "以保证金形式提交的，须写明交易中心保证金账户。", en: "Deposits need the centre's deposit account." },
  "security.amount": { zh: "投标保证金金额不正确。", en: "The bid security amount is wrong." },
  "security.cap": { zh: "投标保证金不得超过估算价（预算）的 2%。", en: "Bid security may not exceed 2% of the estimated price (budget)." },
  "security.forms": { zh: "请说明接受的保证金形式（保证金、电子保函）。", en: "Say which forms of security are accepted (deposit, guarantee)." },
  "security.missing": { zh: "截止时未按招标文件要求提交投标保证金，开标时不予唱标。", en: "No valid bid security at the deadline: the bid is not read out at the opening." },
  "security.validity": { zh: "投标有效期应为 1 至 365 天。", en: "The bid validity period is 1 to 365 days." },
  "settings.corrupt": { zh: "设置文件已损坏。", en: "The settings file is damaged." },
  "settings.language": { zh: "界面语言不可用（简体中文、English）。", en: "The language is not available (zh-CN, en)." },
  "settings.server": { zh: "交易平台地址不正确（应以 http:// 或 https:// 开头）。", en: "The platform address is not valid (http:// or https://)." },
  "sheet.invalid": { zh: "评分表格式不对：须有 lot,bidder,expert,score 四列，每位成员对每个投标人都有评分。", en: "The score sheet is not right: four columns lot,bidder,expert,score, and every member scores every bidder." },
  "signature.document": { zh: "该文件无法签名（内容无法规范化）。", en: "The document cannot be signed (it cannot be put in canonical form)." },
  "signature.invalid": { zh: "签名无法用签署人登记的签名公钥验证。", en: "The signature does not verify with its author's registered signing key." },
  "statistics.period": { zh: "统计期间不正确：须为两个日期，起始日不晚于截止日。", en: "The period is wrong: two dates, the first not after the second." },
  "storage.full": { zh: "服务器磁盘已满，本次请求未保存任何内容，请稍后重试。", en: "The server's disk is full; nothing of this request was kept. Try again later." },
  "store.corrupt": { zh: "本机数据已损坏。", en: "Local data is damaged." },
  "store.db": { zh: "本机数据库出错。", en: "The local database failed." },
  "store.open": { zh: "无法打开本机数据库。", en: "The local database cannot be opened." },
  "supervision.department": { zh: "监管部门设置有误。", en: "The supervising department setting is wrong." },
  "supervision.scope": { zh: "该项目不属于您所在监管部门的监管范围。", en: "This tender is outside your supervising department." },
  "tender.amendment_notice": { zh: "变更涉及实质内容且距投标截止不足 15 日，须顺延投标截止时间。", en: "A change of substance with less than 15 days to the deadline must move the deadline." },
  "tender.amended": { zh: "招标文件已变更，请更新草稿并重新固化。", en: "The tender was amended: update the draft and seal again." },
  "tender.cancelled": { zh: "该项目已取消。", en: "This tender is cancelled." },
  "tender.canonical": { zh: "招标文件无法规范化编码。", en: "The tender document cannot be canonically encoded." },
  "tender.centre": { zh: "交易中心代码不正确。", en: "The trading centre code is not valid." },
  "tender.closed": { zh: "该项目已截止。", en: "This tender is closed." },
  "tender.custodian": { zh: "保管人身份或其公钥与平台证书不符。", en: "A custodian's identity or key does not match its platform certificate." },
  "tender.deadline_past": { zh: "截止时间已过。", en: "The deadline has passed." },
  "tender.decryption_window": { zh: "解密时间窗口设置不正确。", en: "The decryption window is not valid." },
  "tender.exists": { zh: "该项目编号已存在。", en: "A tender with this id already exists." },
  "tender.failed": { zh: "投标人不足 3 家，项目流标，不开标。", en: "Fewer than 3 bids: the tender failed and there is no opening." },
  "tender.file_missing": { zh: "招标文件所列文件尚未上传到平台。", en: "A file the tender lists is not on the platform yet." },
  "tender.file_size": { zh: "招标文件所列文件大小不正确。", en: "A listed file's size is not valid." },
  "tender.format": { zh: "招标文件的格式版本不受支持。", en: "The tender format version is not supported." },
  "tender.hash_mismatch": { zh: "招标文件与平台声明的哈希不符。", en: "The tender document does not match the hash the platform states." },
  "tender.id": { zh: "项目编号不正确。", en: "The tender id is not valid." },
  "tender.invalid": { zh: "招标文件无效。", en: "The tender document is not valid." },
  "tender.mismatch": { zh: "招标文件与项目不符。", en: "The document does not match the tender." },
  "tender.no_lots": { zh: "招标文件至少需要一个标段。", en: "The tender needs at least one lot." },
  "tender.not_found": { zh: "没有这个项目。", en: "No such tender." },
  "tender.not_logged": { zh: "招标文件的发布事件不在透明日志中。", en: "The tender's publication is not in the transparency log." },
  "tender.not_open": { zh: "该项目当前不接受投标。", en: "This tender is not open for bids." },
  "tender.opening_before_deadline": { zh: "开标时间不能早于投标截止时间。", en: "The opening cannot be before the deadline." },
  "tender.period_too_short": { zh: "依法必须招标的项目，自招标文件发出至投标截止不得少于 20 日。", en: "A project that must be tendered by law needs at least 20 days from issue to deadline." },
  "tender.reason": { zh: "请填写理由。", en: "Give the reason." },
  "tender.rollback": { zh: "告警：平台显示的招标文件版本早于本机已核验的版本。", en: "ALARM: the platform shows an older tender version than this computer verified." },
  "tender.scoring": { zh: "评分规则不合理：小数位 0–6 位，去掉最高最低分须在 2 人以上时适用，偏离度阈值须为正数，同一比较规则只能列一次。", en: "The scoring rules are not sensible: 0–6 decimals, trimming above 2 or more members, a positive deviation threshold, each tie-break once." },
  "tender.signature": { zh: "招标文件的代理机构签名无效。", en: "The agency's signature on the tender does not verify." },
  "tender.supervision": { zh: "招标记录中的监管机构证书无效。", en: "The supervision certificates in the tender record are not valid." },
  "tender_draft.damaged": { zh: "招标文件草稿已损坏。", en: "The tender draft is damaged." },
  "tender_draft.missing": { zh: "本机没有这份招标文件草稿。", en: "There is no such tender draft on this computer." },
  "tender_draft.unchanged": { zh: "变更草稿与已发布版本相同，尚无变更内容。", en: "The amendment changes nothing yet." },
  "tender.title": { zh: "请填写项目名称。", en: "Enter the tender's title." },
  "tender.unverified": { zh: "招标文件无法核验。", en: "The tender cannot be verified." },
  "tender.version": { zh: "招标文件版本号不正确。", en: "The tender version is not valid." },
  "update.bad_key": { zh: "更新公钥无效。", en: "The update key is not valid." },
  "update.bad_signature": { zh: "更新包的签名无效：文件被改动过，或不是本平台发布的版本。已拒绝安装。", en: "The update's signature is not valid: the file was altered or was not released by this platform. It was not installed." },
  "update.check": { zh: "无法检查更新，请确认与交易服务器的连接。", en: "Cannot check for updates; check the connection to the trading server." },
  "update.download": { zh: "更新包下载失败，请重试。", en: "The update could not be downloaded; try again." },
  "update.install": { zh: "更新包安装失败（安装需要管理员授权）。", en: "The update could not be installed (installing needs an administrator's permission)." },
  "update.no_key": { zh: "此安装包没有配置平台更新公钥，不能在应用内更新；请从交易中心下载新版本安装包。", en: "This build has no platform update key, so it cannot update itself; download the new installer from the trading centre." },
  "update.none": { zh: "没有可安装的更新，请先检查更新。", en: "There is no update to install; check for updates first." },
  "update.not_packaged": { zh: "此程序不是通过安装包安装的，不能自行替换；已验证的更新包已保存，请手动安装。", en: "This program was not installed from a package and cannot replace itself; the verified update was saved for you to install." },
  "upload.body": { zh: "上传的数据块中断。", en: "The uploaded chunk was cut off." },
  "upload.busy": { zh: "另一个请求正在写入该上传，请查询进度后继续。", en: "Another request is writing this upload; ask for its offset and resume." },
  "upload.checksum": { zh: "数据块与其校验值不符，已丢弃，请重发。", en: "The chunk does not match its checksum; it was discarded, send it again." },
  "upload.checksum_missing": { zh: "缺少数据块校验值。", en: "The chunk's checksum is missing." },
  "upload.chunk_too_large": { zh: "数据块过大。", en: "The chunk is too large." },
  "upload.closed": { zh: "该上传已完成。", en: "This upload is already complete." },
  "upload.consortium": { zh: "联合体成员不正确：请填写有效且不重复的统一社会信用代码。", en: "The consortium members are wrong: give valid, distinct credit codes." },
  "upload.empty_chunk": { zh: "数据块为空。", en: "The chunk is empty." },
  "upload.expired": { zh: "该上传超过 24 小时未完成（或项目已截止），已被删除，请重新上传。", en: "This upload was left unfinished for 24 hours (or its tender closed) and was removed; start again." },
  "upload.incomplete": { zh: "上传尚未完成，请继续上传。", en: "The upload is not complete; resume it." },
  "upload.length": { zh: "声明的文件大小不正确。", en: "The declared length is not valid." },
  "upload.not_found": { zh: "没有这个上传。", en: "No such upload." },
  "upload.offset": { zh: "上传进度与服务器不一致，将从服务器记录的位置继续。", en: "The upload offset differs from the server's; it resumes from the server's." },
  "upload.offset_missing": { zh: "缺少上传位置。", en: "The upload offset is missing." },
  "upload.signature": { zh: "递交请求没有您的身份签名。", en: "The submission is not signed by your identity." },
  "upload.supersedes": { zh: "被替换投标的哈希格式不正确。", en: "The hash of the bid replaced is not valid." },
  "upload.too_long": { zh: "数据块超出了声明的文件大小。", en: "The chunk goes past the declared length." },
  "upload.too_many": { zh: "未完成的上传过多，请完成或等待其过期。", en: "Too many unfinished uploads; finish them or let them expire." },
  "uscc.check_mismatch": { zh: "统一社会信用代码的校验码不正确，请核对。", en: "The check character of the code is wrong; please check the code." },
  "uscc.empty_override": { zh: "请填写统一社会信用代码。", en: "Enter the unified social credit code." },
  "uscc.forbidden_char": { zh: "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。", en: "The code contains a character that is not allowed (I, O, Z, S and V are never used)." },
  "uscc.length": { zh: "统一社会信用代码应为 18 位。", en: "A unified social credit code has 18 characters." },
  "withdraw.mismatch": { zh: "撤回请求与有效投标不符。", en: "The withdrawal does not match the active bid." },
  "withdraw.signature": { zh: "撤回请求的签名无效。", en: "The withdrawal's signature is not valid." },
};
