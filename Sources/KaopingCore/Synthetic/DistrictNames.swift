/// A district department as the generator knows it: its name, whether it staffs a window at
/// the government service centre, how busy it is, and what its service items are called.
struct DepartmentProfile {
    var name: String
    /// Window units (窗口单位) staff the service centre and are ranked apart from the others.
    var window: Bool
    /// Relative share of the district's cases, in tenths; non-window units are tiny.
    var caseWeight: Int
    /// Item names the unit's service items are built from.
    var itemBases: [String]
}

/// The names of a plausible district: its departments, its 11 townships and the villages
/// of its service-room pilot (SPEC §3, context/district-speech-zh.txt).
enum DistrictNames {
    /// The department that is not assessed this year (是否参评 = 否), when the roster has it.
    static let inactiveDepartment = "档案馆"
    /// The window unit that sends no cases file at all (未报送), when the roster has it.
    static let silentDepartment = "水务局"

    static let departments: [DepartmentProfile] = [
        .init(name: "发改局", window: true, caseWeight: 30, itemBases: ["企业投资项目备案", "企业投资项目核准", "固定资产投资项目节能审查", "政府投资项目可行性研究报告审批", "价格认定"]),
        .init(name: "教育局", window: true, caseWeight: 30, itemBases: ["民办学校设立审批", "校外培训机构设立审批", "教师资格认定", "幼儿园办园许可", "学生资助申请", "适龄儿童入学登记"]),
        .init(name: "公安分局", window: true, caseWeight: 100, itemBases: ["居民身份证申领", "户口迁移登记", "机动车登记", "驾驶证换领", "出入境证件签发", "无犯罪记录证明", "印章刻制备案", "居住证签注"]),
        .init(name: "民政局", window: true, caseWeight: 40, itemBases: ["婚姻登记", "最低生活保障审批", "特困人员认定", "临时救助审批", "社会团体成立登记", "养老机构备案", "残疾人两项补贴审批"]),
        .init(name: "司法局", window: true, caseWeight: 20, itemBases: ["法律援助申请", "人民调解申请", "公证服务", "基层法律服务工作者执业核准"]),
        .init(name: "财政局", window: true, caseWeight: 10, itemBases: ["代理记账许可", "政府采购投诉处理", "非税收入票据领用", "会计人员信息采集"]),
        .init(name: "人社局", window: true, caseWeight: 90, itemBases: ["就业失业登记", "社会保障卡申领", "养老保险关系转移", "失业保险金申领", "职业技能等级认定", "劳动用工备案", "劳动人事争议仲裁申请", "工伤认定"]),
        .init(name: "自然资源局", window: true, caseWeight: 40, itemBases: ["不动产登记", "建设用地规划许可", "建设工程规划许可", "乡村建设规划许可", "临时用地审批", "采矿权登记"]),
        .init(name: "住建局", window: true, caseWeight: 50, itemBases: ["建筑工程施工许可", "商品房预售许可", "建设工程竣工验收备案", "建筑业企业资质核准", "房屋租赁登记备案", "物业服务企业备案"]),
        .init(name: "交通运输局", window: true, caseWeight: 30, itemBases: ["道路运输经营许可", "道路运输从业人员资格证", "出租汽车经营许可", "公路超限运输许可", "涉路施工许可"]),
        .init(name: "水务局", window: true, caseWeight: 20, itemBases: ["取水许可", "河道管理范围内建设项目审批", "水土保持方案审批", "城镇污水排入排水管网许可", "供水设施改装审批"]),
        .init(name: "农业农村局", window: true, caseWeight: 30, itemBases: ["农药经营许可", "兽药经营许可", "动物防疫条件合格证", "种子生产经营许可", "农村宅基地审批", "渔业捕捞许可"]),
        .init(name: "商务局", window: true, caseWeight: 20, itemBases: ["对外贸易经营者备案", "成品油零售经营资格审批", "单用途商业预付卡备案", "报废机动车回收企业资质认定"]),
        .init(name: "文旅局", window: true, caseWeight: 20, itemBases: ["营业性演出许可", "娱乐场所经营许可", "互联网上网服务营业场所许可", "旅行社设立许可", "出版物零售单位设立"]),
        .init(name: "卫健局", window: true, caseWeight: 40, itemBases: ["医疗机构执业许可", "医师执业注册", "护士执业注册", "公共场所卫生许可", "出生医学证明办理", "再生育审批"]),
        .init(name: "应急管理局", window: true, caseWeight: 20, itemBases: ["危险化学品经营许可", "烟花爆竹经营（零售）许可", "生产经营单位应急预案备案", "非煤矿山安全生产许可"]),
        .init(name: "审计局", window: false, caseWeight: 3, itemBases: ["审计结果公告", "政府投资项目审计", "内部审计工作指导"]),
        .init(name: "市场监管局", window: true, caseWeight: 80, itemBases: ["企业设立登记", "个体工商户登记", "食品经营许可", "特种设备使用登记", "药品零售企业许可", "计量器具强制检定", "企业注销登记"]),
        .init(name: "统计局", window: false, caseWeight: 3, itemBases: ["统计调查项目审批", "统计执法检查", "统计数据查询"]),
        .init(name: "城管局", window: true, caseWeight: 30, itemBases: ["城市建筑垃圾处置核准", "户外广告设置审批", "临时占用城市道路审批", "城市绿化树木砍伐审批", "燃气经营许可"]),
        .init(name: "医保局", window: true, caseWeight: 80, itemBases: ["基本医疗保险参保登记", "医保关系转移接续", "异地就医备案", "门诊特殊疾病认定", "医疗费用零星报销", "生育保险待遇核准"]),
        .init(name: "退役军人事务局", window: true, caseWeight: 20, itemBases: ["退役军人优待证申领", "伤残抚恤", "烈士褒扬金发放", "退役士兵安置", "光荣牌悬挂"]),
        .init(name: "生态环境局", window: true, caseWeight: 20, itemBases: ["建设项目环境影响评价审批", "排污许可", "危险废物经营许可", "辐射安全许可"]),
        .init(name: "行政审批局", window: true, caseWeight: 120, itemBases: ["投资项目联合审批", "企业开办一件事", "施工图联合审查", "工程建设项目联合验收", "政务服务综合受理"]),
        .init(name: "信访局", window: false, caseWeight: 5, itemBases: ["信访事项受理", "信访事项复查", "网上信访办理"]),
        .init(name: "投促局", window: false, caseWeight: 5, itemBases: ["招商引资项目代办", "投资咨询服务", "外商投资企业服务"]),
        .init(name: "经信局", window: true, caseWeight: 10, itemBases: ["企业技术改造项目备案", "中小企业认定", "电力设施保护区施工许可", "工业企业用电协调"]),
        .init(name: "科技局", window: false, caseWeight: 5, itemBases: ["科技型中小企业评价", "高新技术企业认定推荐", "科技成果登记", "技术合同登记"]),
        .init(name: "档案馆", window: false, caseWeight: 3, itemBases: ["档案查阅利用", "婚姻档案查询", "档案寄存"]),
        .init(name: "税务局", window: true, caseWeight: 90, itemBases: ["税务登记", "发票领用", "增值税申报", "个人所得税汇算", "税收完税证明开具", "社保费缴纳"]),
        .init(name: "人防办", window: true, caseWeight: 10, itemBases: ["人防工程建设审批", "防空地下室易地建设审批", "人防工程拆除审批"]),
        .init(name: "气象局", window: true, caseWeight: 5, itemBases: ["防雷装置设计审核", "防雷装置竣工验收", "升放无人驾驶自由气球审批"]),
        .init(name: "民宗局", window: false, caseWeight: 3, itemBases: ["宗教活动场所设立审批", "宗教临时活动地点审批", "民族成分变更"]),
        .init(name: "残联", window: true, caseWeight: 10, itemBases: ["残疾人证办理", "残疾人辅助器具适配", "残疾人就业保障金减免"]),
        .init(name: "机关事务局", window: false, caseWeight: 3, itemBases: ["公务用车使用审批", "办公用房调配", "公共机构节能检查"]),
    ]

    /// Stands in for the departments beyond the named ones: an office with generic items.
    static func extraDepartment(number: Int) -> DepartmentProfile {
        DepartmentProfile(name: "区第\(number)专项工作办公室", window: number % 2 == 0, caseWeight: 10,
                          itemBases: ["专项事项申请", "专项资金申报", "专项业务咨询"])
    }

    /// The district's 11 townships and subdistricts, in official order.
    static let townships = ["大弯街道", "红阳街道", "大同镇", "弥牟镇", "城厢镇", "姚渡镇", "清泉镇", "福洪乡", "人和乡", "龙王镇", "祥福镇"]
    /// Further townships when more are asked for.
    static let moreTownships = ["新城街道", "青江街道", "凤凰镇", "太平镇", "金桥镇", "石堤乡", "永安镇", "团结镇", "白果镇", "合兴乡"]
    /// The townships whose villages have service rooms (the speech: 清泉、龙王、城厢、姚渡、福洪).
    static let villageTownships = ["清泉镇", "龙王镇", "城厢镇", "姚渡镇", "福洪乡"]

    static let villages = ["和平村", "新民村", "太平社区", "石堤村", "友爱村", "三元村", "红光村", "光明社区",
                           "先锋村", "幸福村", "永安村", "团结社区", "金星村", "龙泉村", "同心村", "长林村"]

    static let townshipItemBases = [
        "城乡居民基本养老保险参保登记", "城乡居民基本医疗保险参保登记", "最低生活保障申请受理", "临时救助申请",
        "残疾人两项补贴申请受理", "高龄津贴申领", "农村宅基地和建房申请审核", "计划生育家庭奖励扶助",
        "独生子女父母光荣证办理", "就业失业登记", "退役军人优待证申领受理", "殡葬补贴申领",
        "老年人优待证办理", "耕地地力保护补贴申报", "乡村建设规划许可",
    ]

    static let villageItemBases = [
        "代办城乡居民养老保险参保", "代办城乡居民医疗保险缴费", "代办高龄津贴申领", "代办低保申请",
        "开具居住证明", "代办残疾人证申请", "代办农村建房申请", "就业信息登记",
    ]

    /// Suffixes that turn one item name into its variants (新办, 变更…), as service catalogues list them.
    static let itemVariants = ["", "（新办）", "（变更,延续）", "（注销）", "（补证）", "（遗失补办）", "（跨区迁入）", "（简易程序）"]
}
