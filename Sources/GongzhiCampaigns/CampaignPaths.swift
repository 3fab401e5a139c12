import GongzhiKit

/// Every address of the campaign wall.
public enum CampaignPaths {
    public static let campaigns = Address("campaigns", "/campaigns")
    public static let campaign = Address("campaign", "/campaigns/:id")
    public static let task = Address("task", "/tasks/:id")
    static let all = [campaigns, campaign, task]
}
