import GongzhiKit

/// Every address of regional co-building.
public enum CoBuildingPaths {
    public static let committees = Address("coBuilding", "/co-building")
    public static let members = Address("coBuildingMembers", "/co-building/members")
    public static let agreements = Address("coBuildingAgreements", "/co-building/agreements")
    public static let agreement = Address("coBuildingAgreement", "/co-building/agreements/:id")
    public static let amend = Address("coBuildingAmend", "/co-building/agreements/:id/amend")
    public static let end = Address("coBuildingEnd", "/co-building/agreements/:id/end")
    public static let meetings = Address("coBuildingMeetings", "/co-building/meetings")
    public static let meeting = Address("coBuildingMeeting", "/co-building/meetings/:id")
    public static let letters = Address("coBuildingLetters", "/co-building/letters")
    public static let letter = Address("coBuildingLetter", "/co-building/letters/:id")
    /// The yearly evaluation of the member units, with its formula.
    public static let evaluation = Address("coBuildingEvaluation", "/co-building/evaluation")
    /// 楼宇党建: office buildings housing party organisations, and each one's monthly rota (`:id` is the building's place).
    public static let towers = Address("coBuildingTowers", "/co-building/towers")
    public static let tower = Address("coBuildingTower", "/co-building/towers/:id")
    public static let rota = Address("coBuildingRota", "/co-building/towers/:id/rota")
    public static let rotaMonth = Address("coBuildingRotaMonth", "/co-building/towers/:id/months")
    public static let rotaSwap = Address("coBuildingRotaSwap", "/co-building/towers/:id/swap")
    static let all = [committees, members, agreements, agreement, amend, end, meetings, meeting, letters, letter, evaluation, towers, tower, rota, rotaMonth, rotaSwap]
}
