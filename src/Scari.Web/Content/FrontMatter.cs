using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scari.Web.Content;

/// <summary>
/// The YAML between the two <c>---</c> lines at the top of a Markdown file, with the line of every field
/// so that problems point at the right line of the file.
/// </summary>
internal sealed class FrontMatter
{
    private readonly YamlMappingNode _map;
    private readonly string _path;
    private readonly List<ContentProblem> _problems;

    private FrontMatter(YamlMappingNode map, string path, List<ContentProblem> problems, int lineOffset)
    {
        _map = map; _path = path; _problems = problems; LineOffset = lineOffset;
    }

    /// <summary>Added to a YAML line (1-based) to get the file line.</summary>
    public int LineOffset { get; }

    /// <summary>The Markdown after the front matter.</summary>
    public string Body { get; private set; } = "";

    /// <summary>File line (1-based) of the first line of <see cref="Body"/>.</summary>
    public int BodyFirstLine { get; private set; } = 1;

    /// <summary>Splits <paramref name="text"/>; null (and a problem) when there is no valid front matter.</summary>
    public static FrontMatter? Read(string path, string text, List<ContentProblem> problems)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            problems.Add(new(path, 1, "falta el encabezado (front matter): empiece el archivo con una línea ---, los campos y otra línea ---"));
            return null;
        }
        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (close < 0)
        {
            problems.Add(new(path, 1, "el encabezado que empieza en la línea 1 no se cierra: agregue una línea --- después de los campos"));
            return null;
        }
        var map = ParseMapping(path, string.Join('\n', lines[1..close]), lineOffset: 1, problems);
        if (map is null) return null;
        return new FrontMatter(map, path, problems, 1)
        {
            Body = string.Join('\n', lines[(close + 1)..]),
            BodyFirstLine = close + 2,
        };
    }

    /// <summary>Parses a whole YAML document that must be a mapping (scari.yaml or a front matter).</summary>
    public static YamlMappingNode? ParseMapping(string path, string yaml, int lineOffset, List<ContentProblem> problems)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0) return new YamlMappingNode();
            if (stream.Documents[0].RootNode is YamlMappingNode map) return map;
            problems.Add(new(path, lineOffset + 1, "el encabezado debe ser una lista de campos «clave: valor»"));
            return null;
        }
        catch (YamlException ex)
        {
            problems.Add(new(path, (int)ex.Start.Line + lineOffset,
                "el YAML no es válido en esta línea: revise la sangría, los dos puntos y las comillas (un texto con «:» va entre comillas)"));
            return null;
        }
    }

    public static FrontMatter Wrap(YamlMappingNode map, string path, List<ContentProblem> problems, int lineOffset) =>
        new(map, path, problems, lineOffset);

    public bool Has(string key) => _map.Children.ContainsKey(new YamlScalarNode(key));

    public YamlNode? Node(string key) => _map.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : null;

    /// <summary>File line of a field's value, or of the front matter's first line when it is missing.</summary>
    public int LineOf(string key) => Node(key) is { } n ? Line(n) : Math.Max(1, LineOffset);

    public int Line(YamlNode node) => (int)node.Start.Line + LineOffset;

    public void Problem(int line, string message) => _problems.Add(new(_path, line, message));

    public string? String(string key, bool required)
    {
        var node = Node(key);
        if (node is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v)) return v.Trim();
        if (node is not null and not YamlScalarNode)
            Problem(Line(node), $"el campo «{key}» debe ser un texto de una línea");
        else if (required)
            Problem(LineOf(key), $"falta el campo «{key}»");
        return null;
    }

    public int? Int(string key, bool required, int min, int max, string rangeText)
    {
        var text = String(key, required);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Problem(LineOf(key), $"el campo «{key}» debe ser un número entero {rangeText}, no «{text}»");
            return null;
        }
        if (value < min || value > max)
        {
            Problem(LineOf(key), $"el campo «{key}» debe ser un número entero {rangeText}, no {value}");
            return null;
        }
        return value;
    }

    public YamlMappingNode? Map(string key, bool required)
    {
        var node = Node(key);
        if (node is YamlMappingNode m) return m;
        if (node is null) { if (required) Problem(LineOf(key), $"falta el campo «{key}»"); }
        else Problem(Line(node), $"el campo «{key}» debe contener campos «clave: valor»");
        return null;
    }

    public FrontMatter Child(YamlMappingNode map) => new(map, _path, _problems, LineOffset);
}
