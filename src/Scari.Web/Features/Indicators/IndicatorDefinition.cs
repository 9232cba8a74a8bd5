using Scari.Web.Features.People;

namespace Scari.Web.Content;

/// <summary>
/// One indicator of the development plan, from content/scari.yaml (shape agreed with the `courses` branch,
/// whose ScariSettings owns it; this file goes away when that branch is merged).
/// </summary>
public sealed record IndicatorDefinition(
    string Id,
    string Name,
    Audience Audience,
    int Target,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    IReadOnlyDictionary<int, int> YearlyTargets,
    IReadOnlyList<string> CourseIds);
