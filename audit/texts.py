"""Texts of seed plans 3 and 4 that the pages and the record form quote (the focus areas themselves are data,
seeded by migration 0002 and edited by auditors)."""

METHODS = "养老保险信息系统实时查询、档案室纸质档案查阅、实地问询等。"
PROCEDURE = ("抽查相关记录；填写日常监督记录表；对发现的疑似问题经稽核股负责人和分管领导签字后交予相关股室确认，"
             "确认没有问题的应提交书面说明，有问题的提交整改意见并落实。")
