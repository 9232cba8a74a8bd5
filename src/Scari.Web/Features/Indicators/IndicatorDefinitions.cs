using Scari.Web.Content;
using Scari.Web.Features.InPerson;

namespace Scari.Web.Features.Indicators;

/// <summary>The indicators of content/scari.yaml, as the course catalogue last loaded them.</summary>
public sealed class IndicatorDefinitions(CourseCatalog catalog)
{
    public IReadOnlyList<IndicatorDefinition> All => catalog.Settings.Indicators;

    public IndicatorDefinition? Find(string? id) => catalog.Settings.FindIndicator(id);
}

public static class IndicatorsSetup
{
    public static IServiceCollection AddScariIndicators(this IServiceCollection services)
    {
        services.AddSingleton<IndicatorDefinitions>();
        services.AddMemoryCache();
        services.AddSingleton<FigureFlights>();
        services.AddScoped<IndicatorCounter>();
        services.AddScoped<PublicIndicators>();
        services.AddScoped<IndicatorReportPdf>();
        services.AddScoped<InPersonTraining>();
        services.AddScoped<CompletionVoiding>();
        services.AddScoped<HistoryImport>();
        services.AddSingleton<SessionCalendar>();
        services.AddScoped<CalendarFeeds>();
        services.AddScoped<AttendanceImport>();
        services.AddScoped<CutoffPublishing>();
        services.AddScoped<CutoffDrift>();
        services.AddScoped<CutoffEvidence>();
        services.AddScoped<Populations>();
        services.AddScoped<PopulationImport>();
        services.AddScoped<Coverage>();
        return services;
    }
}
