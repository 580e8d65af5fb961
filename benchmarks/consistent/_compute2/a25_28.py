from common import *

# ---------- 25 foreign investment ----------
fdi, fdi_drop = "86.42", "7.35"          # 亿美元, 1-9月
fdi_rmb = "615.38"                         # 亿元人民币 (different unit, not a conversion to check)
new_n, new_inc = 1386, 142
mfg, svc = "31.27", "54.16"
fdi_oth = sub(fdi, S(mfg, svc))           # 农业等
hitech = "28.64"                          # 高技术产业, overlaps mfg and svc
hk, sg, kr = "52.18", "6.43", "4.87"
nat_drop = "10.4"
big = 68
body = f"""商务厅消息，1—9月，全省实际使用外资{fdi}亿美元，同比减少{fdi_drop}亿美元，下降{dec(fdi, fdi_drop)}%，降幅低于全国平均水平{pp(nat_drop, dec(fdi, fdi_drop))}个百分点（全国下降{nat_drop}%）；折合人民币{fdi_rmb}亿元。全省新设立外商投资企业{new_n}家，比上年同期增加{new_inc}家，增长{gr(new_n, new_inc)}%，外资“引得进”的势头依然较好。
从产业看，制造业实际使用外资{mfg}亿美元，占全省的{pct(mfg, fdi)}%；服务业实际使用外资{svc}亿美元，占{pct(svc, fdi)}%；农林牧渔业等其他领域{fdi_oth}亿美元。高技术产业实际使用外资{hitech}亿美元，占全省实际使用外资的{pct(hitech, fdi)}%，其中既有集成电路、生物医药等高技术制造业项目，也有研发设计、信息服务等高技术服务业项目，与上述行业分类存在交叉。
从来源地看，香港仍是我省最大外资来源地，1—9月实际投资{hk}亿美元，占比{pct(hk, fdi)}%；新加坡、韩国分别为{sg}亿美元和{kr}亿美元。来自共建“一带一路”国家的实际投资增长14.2%，德国、法国对我省投资分别增长38.5%和21.7%。
重大项目方面，1—9月全省新设和增资合同外资超过1亿美元的大项目{big}个，合同外资合计96.5亿美元。9月份当月全省实际使用外资8.12亿美元。
商务厅有关负责人表示，四季度将举办系列跨国公司对接活动，推动一批在谈项目尽早签约落地，力争全年实际使用外资稳定在110亿美元以上。
"""
write("25-fdi.txt", f"1—9月全省新设外资企业{new_n}家 增长{gr(new_n, new_inc)}%", "2025-10-24", body)

# ---------- 26 airport throughput (full-width digits, dirty) ----------
pax_d, pax_i = "2918.46", "338.35"
pax = add(pax_d, pax_i)
pax_inc = "312.54"
i_inc = "126.83"
cargo, cargo_inc = "42.68", "3.91"
cargo_intl = "15.37"
mov, mov_inc = 228416, 12654
routes, r_d, r_i = 236, 0, 41
r_d = routes - r_i
day_max = "10.62"
P = lambda x: fw(str(x))
body = f"""来源：民航{P("")}空港日报　作者：宋佳　编辑：林一帆　　发布时间：2025-01-06
本报讯　1月5日，记者从机场集团获悉，2024年江城国际机场全年完成旅客吞吐量{P(pax)}万人次，同比增加{P(pax_inc)}万人次，增长{P(gr(pax, pax_inc))}%，旅客吞吐量规模继续位居中西部机场前列。
其中，国内航线旅客吞吐量{P(pax_d)}万人次，国际及地区航线旅客吞吐量{P(pax_i)}万人次，国际及地区旅客占比{P(pct(pax_i, pax))}%。国际及地区航线旅客同比增加{P(i_inc)}万人次，增长{P(gr(pax_i, i_inc))}%，恢复至2019年同期的１１２．６%。
全年完成货邮吞吐量{P(cargo)}万吨，同比增加{P(cargo_inc)}万吨，增长{P(gr(cargo, cargo_inc))}%；其中国际及地区货邮吞吐量{P(cargo_intl)}万吨，占货邮吞吐量的{P(pct(cargo_intl, cargo))}%。完成飞机起降{P(mov)}架次，同比增加{P(mov_inc)}架次，增长{P(gr(mov, mov_inc))}%。单日旅客吞吐量最高达到{P(day_max)}万人次，出现在10月2日。
航线网络方面，截至2024年底，在该机场运营的航空公司达６８家，开通航线{P(routes)}条，其中国内航线{P(r_d)}条、国际及地区航线{P(r_i)}条，通航城市１５２个。
机场集团表示，2025年将加快推进T3航站楼及第三跑道建设，力争全年旅客吞吐量突破３５００万人次。
【打印】　【关闭】　分享到：
"""
body = body.replace("民航" + P("") + "空港日报", "民航空港日报")
write("26-airport.txt", f"江城机场2024年旅客吞吐量{P(pax)}万人次", "2025-01-06", body)

# ---------- 27 e-commerce festival (Xinhua dateline) ----------
online, online_inc = "586.74", "49.82"
goods, svc = "498.35", "88.39"
eq(S(goods, svc), online)
live, live_inc = "203.16", "36.08"
hh_app, cloth, beauty = "92.47", "78.65", "41.23"
rural, rural_inc = "63.58", "7.16"
orders = "1.86"                  # 亿单
body = f"""新华社杭州11月13日电（记者 周然）记者从省商务厅获悉，10月20日至11月11日“双11”促销期间，全省实现网络零售额{online}亿元，同比增加{online_inc}亿元，增长{gr(online, online_inc)}%。其中，实物商品网络零售额{goods}亿元，占网络零售额的{pct(goods, online)}%；服务类网络零售额{svc}亿元，在线餐饮、在线文旅等服务消费增势良好。
分品类看，家用电器和音像器材类网络零售额{hh_app}亿元，在以旧换新政策带动下增长27.4%；服装鞋帽针纺织品类{cloth}亿元，增长6.1%；化妆品类{beauty}亿元，增长9.8%。上述三类商品合计占实物商品网络零售额的{pct(S(hh_app, cloth, beauty), goods)}%。
新业态方面，直播电商销售额{live}亿元，同比增加{live_inc}亿元，增长{gr(live, live_inc)}%，占全省网络零售额的比重超过三分之一。促销期间，全省共开展电商直播场次约48万场，观看人次超过60亿。
农村电商表现活跃。促销期间全省农村网络零售额{rural}亿元，增加{rural_inc}亿元，增长{gr(rural, rural_inc)}%，增速比全省网络零售额高{pp(gr(rural, rural_inc), gr(online, online_inc))}个百分点；农产品网络零售额19.24亿元，茶叶、山核桃、笋干等特色农产品热销。
物流方面，全省快递业务量达到{orders}亿件，11月11日单日快递揽收量超过1.4亿件，创历史新高。
省商务厅表示，将持续办好“浙里来消费”系列活动，推动线上线下消费深度融合。
"""
write("27-ecommerce.txt", f"“双11”期间全省网络零售额增长{gr(online, online_inc)}%", "2024-11-13", body)

# ---------- 28 enterprise annual results ----------
rev, rev_inc = "286.53", "24.18"
np_, np_inc = "21.46", "2.87"
np_ded = "19.82"
shares = "12.36"                  # 亿股
eps = q(D(np_) / D(shares), 2)
seg_a, seg_b = "172.85", "84.27"
seg_c = sub(rev, S(seg_a, seg_b))
gp = "63.14"
rd = "14.92"
div10 = "5.20"                   # 元/10股
div_total = q(D(div10) / 10 * D(shares), 2)   # 亿元
ovs, ovs_inc = "68.41", "11.26"
body = f"""某上市公司3月28日晚间披露2024年年度报告。报告期内，公司实现营业收入{rev}亿元，同比增加{rev_inc}亿元，增长{gr(rev, rev_inc)}%；实现归属于上市公司股东的净利润{np_}亿元，同比增加{np_inc}亿元，增长{gr(np_, np_inc)}%；归属于上市公司股东的扣除非经常性损益的净利润{np_ded}亿元，增长12.1%。按总股本{shares}亿股计算，基本每股收益{eps}元。
分业务看，公司新能源装备业务实现收入{seg_a}亿元，占营业收入的{pct(seg_a, rev)}%；电网设备业务实现收入{seg_b}亿元，占{pct(seg_b, rev)}%；运维服务及其他业务实现收入{seg_c}亿元。全年综合毛利率为{pct(gp, rev, 2)}%，较上年提高0.85个百分点。
分地区看，海外业务实现收入{ovs}亿元，同比增加{ovs_inc}亿元，增长{gr(ovs, ovs_inc)}%，海外收入占比首次超过两成，达到{pct(ovs, rev)}%。
研发方面，报告期内公司研发投入{rd}亿元，占营业收入的比例为{pct(rd, rev, 2)}%；截至报告期末，公司拥有有效专利2186项，其中发明专利734项。
利润分配方面，公司拟以总股本为基数，向全体股东每10股派发现金红利{div10}元（含税），合计派发现金红利{div_total}亿元，占当年归属于上市公司股东净利润的{pct(div_total, np_)}%。
公司同日披露的2025年一季度报告显示，一季度实现营业收入58.72亿元，同比增长8.4%，净利润4.36亿元。
"""
write("28-enterprise.txt", f"某上市公司2024年营业收入{rev}亿元 净利润增长{gr(np_, np_inc)}%", "2025-03-29", body)
