using System.Globalization;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.People;
using YamlDotNet.RepresentationModel;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// The indicators defined in content/scari.yaml. Until the course catalogue (branch `courses`) provides
/// <c>CourseCatalog.Settings.Indicators</c>, this reads the <c>indicators:</c> section itself.
/// </summary>
public sealed class IndicatorDefinitions
{
    public IndicatorDefinitions(IReadOnlyList<IndicatorDefinition> all) => All = all;

    public IReadOnlyList<IndicatorDefinition> All { get; }

    public IndicatorDefinition? Find(string? id) => All.FirstOrDefault(i => i.Id == id);

    public static IndicatorDefinitions Load(string contentDirectory)
    {
        var file = Path.Combine(contentDirectory, "scari.yaml");
        if (!File.Exists(file)) return new([]);
        var yaml = new YamlStream();
        using (var reader = File.OpenText(file)) yaml.Load(reader);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return new([]);
        if (!root.Children.TryGetValue(new YamlScalarNode("indicators"), out var node) || node is not YamlSequenceNode list) return new([]);

        var result = new List<IndicatorDefinition>();
        foreach (var item in list.OfType<YamlMappingNode>())
        {
            string Scalar(YamlMappingNode map, string key) =>
                map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value ?? "" : "";
            var period = item.Children.TryGetValue(new YamlScalarNode("period"), out var p) && p is YamlMappingNode pm ? pm : new YamlMappingNode();
            var yearly = new Dictionary<int, int>();
            if (item.Children.TryGetValue(new YamlScalarNode("yearly_targets"), out var y) && y is YamlMappingNode ym)
                foreach (var (k, v) in ym.Children)
                    yearly[int.Parse(((YamlScalarNode)k).Value!, CultureInfo.InvariantCulture)] = int.Parse(((YamlScalarNode)v).Value!, CultureInfo.InvariantCulture);
            var courses = item.Children.TryGetValue(new YamlScalarNode("courses"), out var c) && c is YamlSequenceNode cs
                ? cs.OfType<YamlScalarNode>().Select(s => s.Value ?? "").Where(s => s.Length > 0).ToList()
                : [];
            result.Add(new IndicatorDefinition(
                Scalar(item, "id"),
                Scalar(item, "name"),
                Scalar(item, "audience") == "student" ? Audience.Student : Audience.Staff,
                int.Parse(Scalar(item, "target"), CultureInfo.InvariantCulture),
                DateOnly.ParseExact(Scalar(period, "start"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(Scalar(period, "end"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                yearly,
                courses));
        }
        return new(result);
    }
}

public static class IndicatorsSetup
{
    public static IServiceCollection AddScariIndicators(this IServiceCollection services)
    {
        services.AddSingleton(sp => IndicatorDefinitions.Load(ScariPaths.ContentDirectory(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>())));
        services.AddMemoryCache();
        services.AddScoped<IndicatorCounter>();
        services.AddScoped<IndicatorExports>();
        services.AddScoped<IndicatorReportPdf>();
        services.AddScoped<InPersonTraining>();
        services.AddScoped<AttendanceImport>();
        return services;
    }
}
