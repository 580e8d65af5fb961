from common import *

# ---------- 21 education ----------
sch = 1862
s_kg, s_pri, s_jun, s_sen, s_voc, s_hi = 1038, 472, 213, 78, 41, 12
s_oth = sch - (s_kg + s_pri + s_jun + s_sen + s_voc + s_hi)   # 特殊教育学校
assert s_oth > 0
e_kg, e_pri, e_jun, e_sen, e_voc = "28.64", "61.35", "29.87", "14.26", "7.93"
e_basic = add(e_kg, e_pri, e_jun, e_sen, e_voc)
e_hi = "21.48"
en_pri, en_jun, en_sen = "9.86", "10.12", "5.04"
en_sen_inc = "0.31"
t_pri = "3.68"
t_jun = "2.41"
nat_ratio = "16.2"
pri_ratio = q(D(e_pri) / D(t_pri), 1)
body = f"""记者从市教育局获悉，《2024年全市教育事业发展统计公报》日前发布。公报显示，2024年全市共有各级各类学校{sch}所，其中幼儿园{s_kg}所，小学{s_pri}所，初中{s_jun}所，普通高中{s_sen}所，中等职业学校{s_voc}所，普通高等学校{s_hi}所，特殊教育学校{s_oth}所。
在校生规模总体稳定。全市幼儿园在园幼儿{e_kg}万人，小学在校生{e_pri}万人，初中在校生{e_jun}万人，普通高中在校生{e_sen}万人，中等职业教育在校生{e_voc}万人，以上各学段合计{e_basic}万人；驻市普通高校在校生{e_hi}万人，其中研究生1.37万人。受出生人口下降影响，在园幼儿数比上年减少2.18万人。
招生方面，小学、初中、普通高中分别招生{en_pri}万人、{en_jun}万人和{en_sen}万人。其中，普通高中招生比上年增加{en_sen_inc}万人，增长{gr(en_sen, en_sen_inc)}%，普职招生大体相当的格局进一步优化。全市高中阶段毛入学率达到97.3%，九年义务教育巩固率达到99.1%。
教师队伍方面，全市小学专任教师{t_pri}万人，生师比为{pri_ratio}:1，比全国平均水平（{nat_ratio}:1）高{pp(pri_ratio, nat_ratio)}；初中专任教师{t_jun}万人，生师比为{q(D(e_jun) / D(t_jun), 2)}:1。小学专任教师中本科及以上学历的占82.6%，比上年提高3.4个百分点。
办学条件持续改善。2024年全市新建、改扩建中小学校和幼儿园42所，新增学位3.6万个；全市教育经费总投入达到186.4亿元，其中一般公共预算教育经费150.2亿元。
"""
write("21-education.txt", "全市各级各类学校1862所 在校生合计142.05万人".replace("142.05", e_basic), "2025-04-10", body)

# ---------- 22 health (dirty, traditional paragraph) ----------
inst_h, inst_b, inst_p, inst_o = 412, 9864, 186, 37
inst = inst_h + inst_b + inst_p + inst_o
inst_pub = 168                      # 公立医院, part of 医院
beds, beds_h = "28.46", "23.12"
beds_inc = "1.07"
pop = "4018.6"
workers = "35.82"
doc, nurse = "13.64", "16.27"
visits, v_inc = "21865.4", "1236.8"
pb = q(D(beds) * 10000 / (D(pop) * 10000) * 1000, 2)
pd = q(D(doc) * 10000 / (D(pop) * 10000) * 1000, 2)
pn = q(D(nurse) * 10000 / (D(pop) * 10000) * 1000, 2)
body = f"""2024年全省卫生健康事业发展统计公报解读
發布日期：2025-06-12　來源：省衛生健康委員會　【字体：大 中 小】
截至2024年末，全省医疗卫生机构总数达到{inst}个，比上年末增加126个。其中，医院{inst_h}个，基层医疗卫生机构{inst_b}个，专业公共卫生机构{inst_p}个，其他医疗卫生机构{inst_o}个。医院中，公立医院{inst_pub}个，民营医院{inst_h - inst_pub}个。
全省医疗卫生机构床位{beds}万张，比上年末增加{beds_inc}万张，增长{gr(beds, beds_inc)}%；其中医院床位{beds_h}万张，占{pct(beds_h, beds)}%。按年末常住人口{pop}万人计算，每千人口医疗卫生机构床位{pb}张。
衛生人員方面，年末全省衛生技術人員{workers}萬人，其中執業（助理）醫師{doc}萬人，註冊護士{nurse}萬人，醫護比為1:{q(D(nurse) / D(doc), 2)}。每千人口執業（助理）醫師{pd}人，每千人口註冊護士{pn}人，均高於全國平均水平。
服务量方面，2024年全省医疗卫生机构总诊疗人次{visits}万，比上年增加{v_inc}万人次，增长{gr(visits, v_inc)}%；出院人数986.3万人，病床使用率为78.4%。全省居民人均预期寿命达到79.6岁，孕产妇死亡率为7.2/10万，婴儿死亡率为2.31‰。
公共卫生方面，全省65岁及以上老年人健康管理率达到72.5%，高血压、糖尿病患者规范管理率分别为78.1%和76.4%。
（责任编辑：王敏）
分享到： 微信 微博 打印本页 关闭窗口
"""
write("22-health.txt", "全省医疗卫生机构床位28.46万张 每千人口床位7.08张".replace("28.46", beds).replace("7.08", pb), "2025-06-12", body)

# ---------- 23 bank deposits ----------
dep, dep_ytd = "28643.52", "1986.37"
dep_g = "7.9"
rmb_dep = "28105.86"
hh, hh_ytd = "16428.31", "1502.64"
corp_ytd = "318.56"
loan, loan_ytd = "25162.08", "1873.45"
loan_g, loan_g_prov = "8.6", "7.7"
mfg_ml, mfg_ytd = "2316.45", "392.18"
mfg_g = "21.3"
micro = "3128.62"
body = f"""人民银行市分行日前发布数据显示，截至10月末，全市金融机构本外币各项存款余额{dep}亿元，同比增长{dep_g}%，比年初增加{dep_ytd}亿元。其中，人民币各项存款余额{rmb_dep}亿元，占本外币各项存款余额的{pct(rmb_dep, dep)}%。
从存款结构看，住户存款余额{hh}亿元，比年初增加{hh_ytd}亿元，占各项存款新增额的{pct(hh_ytd, dep_ytd)}%，居民储蓄意愿依然较强；非金融企业存款比年初增加{corp_ytd}亿元，同比少增124.70亿元。10月当月，全市各项存款减少86.21亿元，主要是月初季节性回落所致。
贷款方面，10月末全市本外币各项贷款余额{loan}亿元，同比增长{loan_g}%，增速高于全省平均水平{pp(loan_g, loan_g_prov)}个百分点；比年初增加{loan_ytd}亿元，比上年同期多增156.32亿元。全市金融机构存贷比为{pct(loan, dep)}%，较年初提高1.6个百分点。
重点领域信贷支持力度加大。10月末，全市制造业中长期贷款余额{mfg_ml}亿元，同比增长{mfg_g}%，比年初增加{mfg_ytd}亿元，增量占同期各项贷款增量的{pct(mfg_ytd, loan_ytd)}%；普惠小微贷款余额{micro}亿元，同比增长18.4%，授信户数达到21.6万户。涉农贷款、绿色贷款余额分别增长10.2%和27.5%。
利率方面，10月份全市新发放企业贷款加权平均利率为3.72%，同比下降0.35个百分点，处于历史低位。
"""
write("23-deposits.txt", f"10月末全市本外币存款余额{dep}亿元 比年初增加{dep_ytd}亿元", "2025-11-14", body)

# ---------- 24 county rural revitalization (dateline, dirty) ----------
fund_c, fund_p, fund_m, fund_x = "18620", "9475", "2310", "6845"
fund = add(fund_c, fund_p, fund_m, fund_x)
fund_ind = "22186"
prev_fund = "34516"
poor_inc, poor_inc_inc = "15836", "1527"
rural_inc, rural_inc_inc = "19472", "1266"
work, work_inc = "4.62", "0.23"
proj = 286
proj_done = 271
body = f"""本报讯（记者 杨帆 通讯员 石磊）1月8日，记者从青川县乡村振兴工作会议上获悉，2024年该县统筹整合各级财政衔接推进乡村振兴补助资金{fund}万元，比上年增加{sub(fund, prev_fund)}万元，增长{gr(fund, sub(fund, prev_fund))}%。其中，中央资金{fund_c}万元，省级资金{fund_p}万元，市级资金{fund_m}万元，县本级安排{fund_x}万元。用于产业发展的资金{fund_ind}万元，占衔接资金总额的{pct(fund_ind, fund)}%，超过省定55%的比例要求。
全年实施衔接资金项目{proj}个，已完工{proj_done}个，完工率{pct(proj_done, proj)}%。围绕茶叶、中药材和食用菌三大主导产业，新建标准化茶园1.2万亩，全县茶园总面积达到32万亩。
增收方面，2024年全县脱贫人口人均纯收入{poor_inc}元，比上年增加{poor_inc_inc}元，增长{gr(poor_inc, poor_inc_inc)}%；农村居民人均可支配收入{rural_inc}元，增加{rural_inc_inc}元，增长{gr(rural_inc, rural_inc_inc)}%，脱贫人口收入增速比全县农村居民快{pp(gr(poor_inc, poor_inc_inc), gr(rural_inc, rural_inc_inc))}个百分点。全县脱贫劳动力实现务工就业{work}万人，比上年增加{work_inc}万人，超额完成省下达的4.5万人目标任务。
防止返贫监测方面，全县动态纳入监测对象1862户5437人，已消除风险1315户，风险消除率{pct(1315, 1862)}%，牢牢守住不发生规模性返贫的底线。
县委副书记表示，2025年将继续把增加群众收入作为中心任务，力争脱贫人口人均纯收入增长10%以上。
编辑：赵晓 审核：钱进
青川县 青川新闻 青川茶叶 青川旅游 乡村振兴 青川天气
"""
write("24-rural.txt", "青川县2024年衔接资金投入3.72亿元 脱贫人口人均纯收入增长10.7%".replace("3.72", q(D(fund) / 10000, 2)).replace("10.7", gr(poor_inc, poor_inc_inc)), "2025-01-09", body)
