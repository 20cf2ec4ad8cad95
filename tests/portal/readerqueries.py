"""What readers type into the portal's search box, and the page each means.

Written the way owners and staff of small firms search: hiragana,
katakana spelled another way, typos, everyday words for the pages' terms,
English terms, colloquial questions and fragments. None is a heading or
title of the page it must find. Kinds (for the report): ``hiragana``,
``variant`` (spelling variants), ``synonym``, ``typo``, ``question``,
``english``, ``mixed``, ``plain`` (a reader's own short words).

Each query names the page a reader means; where two pages answer it
equally, both are listed and either counts. Only published pages are
meant (the sample's draft topic is not on the site).
"""

from __future__ import annotations

A = "articles/"
T24, T25, T26 = "topics/2024/", "topics/2025/", "topics/2026/"

LIFECYCLE = A + "account-lifecycle/"
OPENED = A + "after-opening-suspicious-mail/"
BACKUP = A + "backup-basics/"
BEC = A + "business-email-compromise/"
CLOUD = A + "cloud-service-basics/"
DESK = A + "consultation-desk/"
DISPOSAL = A + "device-disposal/"
EXPERT = A + "expert-support/"
RULES = A + "house-rules/"
INCIDENT = A + "incident-first-response/"
PASSWORDS = A + "passwords-and-mfa/"
PERSONAL = A + "personal-information-handling/"
DRILL = A + "phishing-drill/"
QUICK = A + "quick-list/"
RANSOMWARE = A + "ransomware-preparation/"
POLICY = A + "security-policy-basics/"
PHONE = A + "smartphone-and-byod/"
UPDATES = A + "software-updates/"
SPOTTING = A + "spotting-suspicious-mail/"
TRAINING = A + "staff-training-plan/"
TELEWORK = A + "telework-security/"
NEWCOMERS_24 = T24 + "new-employee-training-2024/"
PORTAL_OPENED = T24 + "portal-opened-2024-06/"
SEMINAR_REPORT_24 = T24 + "autumn-seminar-report-2024/"
HOLIDAYS = T24 + "year-end-holidays-2024/"
RANSOM_CASES = T25 + "ransomware-consultations-2025/"
DELIVERY_SMS = T25 + "fake-delivery-sms-2025-06/"
VPN = T25 + "vpn-vulnerability-2025-07/"
DRILL_REPORT = T25 + "phishing-drill-report-2025/"
SUPPLEMENT_NEWS = T25 + "guidebook-supplement-2025-11/"
INVOICE = T26 + "fake-invoice-mail-2026-01/"
NEWCOMERS_26 = T26 + "new-employee-training-2026/"
EXPERT_2026 = T26 + "expert-support-2026/"
MONTHLY = T26 + "monthly-updates-2026-06/"
SEMINAR_26 = T26 + "autumn-seminar-2026/"
FAQ = "faq/"
ABOUT = "about/"
GUIDEBOOK = "guidebook/"
FEEDS = "feeds/"

# (query, kind, page or pages meant)
QUERIES: tuple[tuple[str, str, str | tuple[str, ...]], ...] = (
    # -- from the issue: 0 results or the wrong top 3 before
    ("ウィルス", "variant", (INCIDENT, FAQ)),
    ("ランサムウエア", "variant", RANSOMWARE),
    ("ぱすわーど", "hiragana", PASSWORDS),
    ("スマホ なくした", "synonym", PHONE),
    ("二要素認証", "synonym", PASSWORDS),
    ("2段階認証", "synonym", PASSWORDS),
    ("バックップ", "typo", BACKUP),
    ("MFA", "english", PASSWORDS),
    ("phishing", "english", (SPOTTING, DRILL)),
    ("Windows アップデート", "mixed", (UPDATES, MONTHLY)),
    ("偽のメール", "synonym", SPOTTING),
    ("請求書 詐欺", "synonym", (INVOICE, BEC)),
    ("変なリンク押してしまった", "question", OPENED),
    # -- passwords and sign-in
    ("パスワード 使い回し", "plain", PASSWORDS),
    ("ぱすわーど 忘れない方法", "hiragana", PASSWORDS),
    ("パスワード管理アプリ", "plain", PASSWORDS),
    ("パスワードマネージャー", "english", PASSWORDS),
    ("password manager", "english", PASSWORDS),
    ("パスワード 何文字", "question", PASSWORDS),
    ("パスワード 定期変更 必要？", "question", (FAQ, PASSWORDS)),
    ("パスワードって変えたほうがいいの", "question", (FAQ, PASSWORDS)),
    ("認証アプリ", "plain", PASSWORDS),
    ("ワンタイムパスワード", "synonym", PASSWORDS),
    ("にだんかいにんしょう", "hiragana", PASSWORDS),
    ("2FA 設定", "english", PASSWORDS),
    ("ログイン 乗っ取られた", "question", (PASSWORDS, INCIDENT)),
    ("アカウント乗っ取り 防ぐ", "plain", PASSWORDS),
    # -- accounts when people join and leave
    ("退職者のアカウント", "plain", LIFECYCLE),
    ("辞めた社員のID 消す", "synonym", LIFECYCLE),
    ("退職したひとのメールアカウント", "mixed", LIFECYCLE),
    ("異動 権限 見直し", "plain", LIFECYCLE),
    ("アカウント台帳", "plain", LIFECYCLE),
    ("あかうんと たなおろし", "hiragana", LIFECYCLE),
    ("管理者権限 付けすぎ", "plain", LIFECYCLE),
    ("共有アカウント やめたい", "question", LIFECYCLE),
    ("入社時 アカウント発行", "plain", LIFECYCLE),
    # -- suspicious mail
    ("あやしいメール", "hiragana", SPOTTING),
    ("怪しいメール 見分ける", "plain", SPOTTING),
    ("なりすましメール 見抜く", "synonym", SPOTTING),
    ("迷惑メール 判断", "synonym", SPOTTING),
    ("差出人 偽装", "plain", SPOTTING),
    ("メールの添付ファイル 開いていいか", "question", SPOTTING),
    ("URLにマウスを乗せる", "plain", SPOTTING),
    ("共有のメールアドレス 注意", "plain", SPOTTING),
    ("info@ みたいな共有アドレス", "mixed", SPOTTING),
    ("スパムメール", "synonym", SPOTTING),
    ("詐欺メールの特徴", "synonym", SPOTTING),
    ("メール 警告 表示された", "question", SPOTTING),
    # -- opened a suspicious mail
    ("添付ファイル 開いちゃった", "question", (OPENED, FAQ)),
    ("怪しいメール開いてしまった どうすれば", "question", (OPENED, FAQ)),
    ("リンクをクリックしてしまった", "question", OPENED),
    ("変なメール開いた", "question", (OPENED, FAQ)),
    ("ウイルスメール 開封", "plain", (OPENED, FAQ)),
    ("LANケーブル 抜く", "plain", (OPENED, INCIDENT)),
    ("メール開封後 やること", "question", OPENED),
    ("やってはいけないこと メール開いた後", "question", OPENED),
    ("取引先からウイルス付きメールが届いたと言われた", "question", FAQ),
    # -- business email compromise and fake invoices
    ("ビジネスメール詐欺", "plain", BEC),
    ("BEC 対策", "english", BEC),
    ("振込先 変更 メール", "plain", (INVOICE, BEC)),
    ("口座変更の依頼 メール", "plain", (INVOICE, BEC)),
    ("偽の請求書", "synonym", (INVOICE, BEC)),
    ("社長を名乗るメール 送金", "plain", BEC),
    ("経理 送金前 確認", "plain", BEC),
    ("振り込んでしまった 詐欺", "question", BEC),
    ("ふりこめさぎ メール", "hiragana", (INVOICE, BEC)),
    ("支払い先が変わったというメール", "question", INVOICE),
    ("電話で確認 取引先 口座", "plain", (INVOICE, BEC)),
    # -- ransomware
    ("らんさむうぇあ", "hiragana", RANSOMWARE),
    ("ランサム 対策", "synonym", RANSOMWARE),
    ("身代金 払うべき？", "question", RANSOMWARE),
    ("データ 暗号化された", "question", RANSOMWARE),
    ("ransomware", "english", RANSOMWARE),
    ("ランサムウェア 相談 増えてる", "plain", RANSOM_CASES),
    ("ランサムウェア被害の傾向", "plain", RANSOM_CASES),
    ("サイバー保険 入るべき", "question", RANSOMWARE),
    ("侵入経路 VPN リモートデスクトップ", "plain", RANSOMWARE),
    ("ファイルが開けない 脅迫文", "question", RANSOMWARE),
    # -- backup
    ("ばっくあっぷ", "hiragana", BACKUP),
    ("バックアプ", "typo", BACKUP),
    ("backup", "english", BACKUP),
    ("バックアップ 何世代", "question", BACKUP),
    ("バックアップ 頻度", "plain", BACKUP),
    ("外付けHDD バックアップ 安心？", "question", FAQ),
    ("外付けディスクだけで大丈夫", "question", FAQ),
    ("バックアップから戻せるか試す", "plain", BACKUP),
    ("データの復元 テスト", "plain", BACKUP),
    ("NAS バックアップ", "english", BACKUP),
    ("オフライン保管", "plain", BACKUP),
    ("データ 消えた 備え", "question", BACKUP),
    # -- disposal
    ("パソコン 捨てる", "synonym", DISPOSAL),
    ("PC 処分 データ", "synonym", DISPOSAL),
    ("リース返却 データ消去", "plain", DISPOSAL),
    ("USBメモリ 廃棄", "plain", DISPOSAL),
    ("複合機 ハードディスク", "plain", DISPOSAL),
    ("ぱそこん はいき", "hiragana", DISPOSAL),
    ("初期化だけで大丈夫？", "question", DISPOSAL),
    ("中古に売る前 データ", "question", DISPOSAL),
    ("データ消去証明書", "plain", DISPOSAL),
    # -- smartphones
    ("スマートホン", "variant", PHONE),
    ("すまほ 紛失", "hiragana", PHONE),
    ("スマホ落とした", "synonym", PHONE),
    ("私物スマホ 仕事", "plain", PHONE),
    ("BYOD", "english", PHONE),
    ("携帯電話 業務利用", "synonym", PHONE),
    ("スマホの画面ロック", "plain", PHONE),
    ("iPhone 会社支給", "english", PHONE),
    ("アプリ 公式ストア以外", "plain", PHONE),
    ("遠隔ロック", "plain", PHONE),
    # -- delivery SMS
    ("不在通知 SMS", "plain", DELIVERY_SMS),
    ("宅急便 偽SMS", "synonym", DELIVERY_SMS),
    ("ショートメッセージ 詐欺 宅配", "synonym", DELIVERY_SMS),
    ("荷物のお届け ショートメール", "synonym", DELIVERY_SMS),
    ("再配達 SMS リンク", "synonym", DELIVERY_SMS),
    ("さがわ 偽 SMS", "hiragana", DELIVERY_SMS),
    # -- updates and vulnerabilities
    ("アップデート 自動更新", "plain", (UPDATES, MONTHLY)),
    ("更新プログラム 適用", "plain", MONTHLY),
    ("セキュリティパッチ", "synonym", MONTHLY),
    ("ソフトウエア 更新", "variant", UPDATES),
    ("サポート切れのOS", "plain", UPDATES),
    ("Windows10 サポート終了", "mixed", UPDATES),
    ("更新の優先順位", "plain", UPDATES),
    ("ネットワーク機器 ファームウェア", "plain", UPDATES),
    ("VPN 脆弱性", "english", VPN),
    ("vpn機器 アップデート", "mixed", VPN),
    ("ぜいじゃくせい", "hiragana", VPN),
    ("セキュリティホール", "synonym", VPN),
    ("今月のパッチ", "synonym", MONTHLY),
    ("再起動 更新 今週中", "plain", MONTHLY),
    # -- telework
    ("在宅勤務 セキュリティ", "synonym", TELEWORK),
    ("リモートワーク 注意", "synonym", TELEWORK),
    ("テレワ", "synonym", TELEWORK),
    ("カフェで仕事 のぞき見", "plain", TELEWORK),
    ("公衆無線LAN", "plain", TELEWORK),
    ("フリーWi-Fi 危ない？", "question", TELEWORK),
    ("自宅 ルーター パスワード", "plain", TELEWORK),
    ("持ち出しパソコン", "plain", TELEWORK),
    # -- cloud
    ("クラウド 共有設定", "plain", CLOUD),
    ("オンラインストレージ 安全", "synonym", CLOUD),
    ("くらうど", "hiragana", CLOUD),
    ("クラウドサービス 選び方", "plain", CLOUD),
    ("SaaS 責任 分担", "english", CLOUD),
    ("Googleドライブ 公開設定", "english", CLOUD),
    ("共有リンク 誰でも見れる", "question", CLOUD),
    # -- incident response
    ("ウイルスに感染したかも", "question", INCIDENT),
    ("不正アクセスされたかも", "question", (INCIDENT, QUICK)),
    ("インシデント対応 最初", "plain", INCIDENT),
    ("いんしでんと", "hiragana", INCIDENT),
    ("被害 記録 時系列", "plain", INCIDENT),
    ("ネットから切り離す", "plain", INCIDENT),
    ("再発防止", "plain", INCIDENT),
    ("ハッキングされた", "synonym", (INCIDENT, QUICK)),
    # -- contacts in an emergency
    ("警察 サイバー 相談先", "plain", QUICK),
    ("IPA 届出", "english", QUICK),
    ("JPCERT 連絡", "english", QUICK),
    ("どこに連絡すればいい サイバー攻撃", "question", QUICK),
    ("緊急連絡先一覧", "plain", QUICK),
    ("被害届 会社名 公表", "question", FAQ),
    ("警察に届けたら社名が出る？", "question", FAQ),
    # -- personal information
    ("個人情報 漏洩", "variant", PERSONAL),
    ("個人情報の取扱い", "variant", PERSONAL),
    ("顧客名簿 管理", "plain", PERSONAL),
    ("個人データ 流出したら", "synonym", PERSONAL),
    ("こじんじょうほう", "hiragana", PERSONAL),
    ("個人情報保護委員会 報告", "plain", PERSONAL),
    ("誤送信 個人情報", "plain", PERSONAL),
    # -- policies and rules
    ("セキュリティポリシー 作り方", "synonym", POLICY),
    ("情報セキュリティ基本方針 ひな形", "plain", POLICY),
    ("SECURITY ACTION", "english", POLICY),
    ("セキュリティアクション 宣言", "english", POLICY),
    ("情報資産 洗い出し", "plain", POLICY),
    ("社内ルール 作る", "plain", RULES),
    ("社内規則 書き方", "synonym", RULES),
    ("しゃないるーる", "hiragana", RULES),
    ("ルール 周知", "plain", RULES),
    ("小さい会社でもルールいる？", "question", FAQ),
    ("規程の見直し 時期", "plain", RULES),
    # -- training
    ("社員教育 計画", "plain", TRAINING),
    ("セキュリティ研修 年間スケジュール", "plain", TRAINING),
    ("従業員 教育 何をすれば", "question", TRAINING),
    ("標的型メール訓練 やり方", "plain", DRILL),
    ("フィッシング訓練", "synonym", DRILL),
    ("訓練メール 作る", "plain", DRILL),
    ("抜き打ちメール訓練", "synonym", DRILL),
    ("サンドイッチ型", "plain", (DRILL, DRILL_REPORT)),
    ("メール訓練の結果", "plain", DRILL_REPORT),
    ("開封率", "plain", DRILL_REPORT),
    ("新入社員 セキュリティ研修 教材", "plain", NEWCOMERS_26),
    ("新人研修 資料 ポータル", "synonym", NEWCOMERS_26),
    ("新入社員に伝えること", "plain", NEWCOMERS_24),
    ("研修資料に使っていい？", "question", FAQ),
    # -- support centre services
    ("相談 無料？", "question", FAQ),
    ("相談料", "synonym", FAQ),
    ("相談窓口 電話番号", "plain", DESK),
    ("そうだんまどぐち", "hiragana", DESK),
    ("相談したい 何を準備", "question", DESK),
    ("相談内容 秘密", "plain", DESK),
    ("専門家に来てもらう", "question", EXPERT),
    ("訪問支援 申し込み", "plain", (EXPERT, EXPERT_2026)),
    ("専門家派遣", "synonym", (EXPERT, EXPERT_2026)),
    ("訪問支援 2026", "mixed", EXPERT_2026),
    ("何から始めればいいかわからない", "question", FAQ),
    ("どんな会社が相談できる", "question", FAQ),
    ("支援センター とは", "plain", ABOUT),
    ("このサイトの編集方針", "plain", ABOUT),
    # -- seminars and events
    ("セミナー 申込", "plain", SEMINAR_26),
    ("せみなー", "hiragana", (SEMINAR_26, SEMINAR_REPORT_24)),
    ("秋のセミナー 2026 参加したい", "mixed", SEMINAR_26),
    ("セミナー 2024 開催報告", "mixed", SEMINAR_REPORT_24),
    ("みなと産業会館", "plain", (SEMINAR_26, SEMINAR_REPORT_24)),
    ("オンライン配信 セミナー", "plain", SEMINAR_26),
    # -- seasonal
    ("年末年始 休み前", "plain", HOLIDAYS),
    ("長期休暇 セキュリティ", "plain", HOLIDAYS),
    ("正月休み明け メール", "question", HOLIDAYS),
    ("GW 連休前 対策", "mixed", HOLIDAYS),
    # -- typos and spelling variants
    ("ぱすわど", "typo", PASSWORDS),
    ("フィシング 見分け", "typo", SPOTTING),
    ("ランサムエア", "typo", RANSOMWARE),
    ("パスワード管里ツール", "typo", PASSWORDS),
    ("ビジネスメール詐偽", "typo", BEC),
    ("標的形メール訓練", "typo", DRILL),
    ("テレワーグ", "typo", TELEWORK),
    ("サーバ 更新 計画", "variant", UPDATES),
    ("コンピューター ウィルス 感染", "variant", INCIDENT),
    ("セキュリティー ポリシー", "variant", POLICY),
    ("ユーザ アカウント 削除 退職", "variant", LIFECYCLE),
    ("ヴイピーエヌ", "variant", VPN),
    # -- the portal, guidebook and feeds
    ("EPUB ダウンロード", "english", GUIDEBOOK),
    ("電子書籍 ガイドブック", "synonym", GUIDEBOOK),
    ("追補資料 公開", "plain", SUPPLEMENT_NEWS),
    ("RSS", "english", FEEDS),
    ("フィードリーダー 登録", "plain", FEEDS),
    ("ポータル 公開 お知らせ", "plain", PORTAL_OPENED),
    ("知識の保管庫 できた", "question", PORTAL_OPENED),
)
