import GongzhiCore

/// The demo's generator: the same seed gives the same demo subdistrict on every machine (and the same walk to a fuzz test).
public typealias DemoRandom = SplitMix64

/// Invented names; the layout marks the whole instance as demo data.
enum DemoNames {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let givenMale = Array("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋建国志")
    static let givenFemale = Array("芳娜敏静丽艳娟霞秀玲桂英华红梅琳雪婷倩慧颖佳欣悦晨莉萍燕")
    static func person(_ rng: inout DemoRandom, male: Bool) -> String {
        let given = male ? givenMale : givenFemale
        let name = String(rng.pick(surnames)) + String(rng.pick(given))
        return rng.chance(0.6) ? name + String(rng.pick(given)) : name
    }

    static let communities = ["通信花园社区", "经纬社区", "花园新村社区", "纬三路社区", "经五路社区",
                              "丰庆社区", "博颂社区", "红旗社区", "东风社区", "宏达社区"]
    static let streets = ["纬一路", "纬二路", "纬三路", "纬四路", "经二路", "经三路", "经四路", "经五路", "花园路", "农业路", "红专路", "政七街"]
}
