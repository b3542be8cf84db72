namespace Kecs.EcsApi.AccountSettings;

/// <summary>The account settings ECS knows, the values each accepts, and the value AWS manages when none is set.</summary>
public static class AccountSettingDefaults
{
    private static readonly string[] EnabledDisabled = ["enabled", "disabled"];
    private static readonly string[] OnOff = ["on", "off"];

    public static readonly IReadOnlyDictionary<string, (string Default, string[] Allowed)> Settings =
        new SortedDictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            ["awsvpcTrunking"] = ("disabled", EnabledDisabled),
            ["containerInsights"] = ("disabled", ["enabled", "disabled", "enhanced"]),
            ["containerInstanceLongArnFormat"] = ("enabled", EnabledDisabled),
            ["defaultLogDriverMode"] = ("non-blocking", ["blocking", "non-blocking"]),
            ["fargateEventWindows"] = ("disabled", EnabledDisabled),
            ["fargateFIPSMode"] = ("disabled", EnabledDisabled),
            ["fargateTaskRetirementWaitPeriod"] = ("7", ["0", "7", "14"]),
            ["guardDutyActivate"] = ("off", OnOff),
            ["serviceLongArnFormat"] = ("enabled", EnabledDisabled),
            ["tagResourceAuthorization"] = ("on", OnOff),
            ["taskLongArnFormat"] = ("enabled", EnabledDisabled),
        };
}
