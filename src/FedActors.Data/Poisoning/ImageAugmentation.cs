namespace FedActors.Data;

/// <summary>
/// Small affine augmentations of float images shaped [..., H, W]: rotation about the centre, zoom (a centre crop
/// resized back) and shift, sampled bilinearly with edge clamping, so every output value lies within the range of
/// the input image.
/// </summary>
internal static class ImageAugmentation
{
    /// <summary>Writes into <paramref name="destination"/> the image <paramref name="source"/> rotated by <paramref name="degrees"/>, zoomed by <paramref name="zoom"/> (≥ 1 crops) and shifted by (<paramref name="shiftX"/>, <paramref name="shiftY"/>) pixels.</summary>
    public static void Affine(ReadOnlySpan<float> source, Span<float> destination, int height, int width, double degrees, double zoom, double shiftX, double shiftY)
    {
        var planeSize = height * width;
        if (source.Length % planeSize != 0 || destination.Length != source.Length)
        {
            throw new ArgumentException($"images of {source.Length} and {destination.Length} values do not fit {height}x{width} planes");
        }

        var radians = degrees * Math.PI / 180;
        var cos = Math.Cos(radians);
        var sin = Math.Sin(radians);
        var centreX = (width - 1) / 2.0;
        var centreY = (height - 1) / 2.0;
        for (var plane = 0; plane < source.Length / planeSize; plane++)
        {
            var input = source.Slice(plane * planeSize, planeSize);
            var output = destination.Slice(plane * planeSize, planeSize);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    // Inverse map: undo the shift, the zoom, then the rotation.
                    var u = (x - centreX - shiftX) / zoom;
                    var v = (y - centreY - shiftY) / zoom;
                    var sourceX = cos * u + sin * v + centreX;
                    var sourceY = -sin * u + cos * v + centreY;
                    output[y * width + x] = Bilinear(input, height, width, sourceX, sourceY);
                }
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> plane, int height, int width, double x, double y)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = plane[y0 * width + x0] * (1 - fx) + plane[y0 * width + x1] * fx;
        var bottom = plane[y1 * width + x0] * (1 - fx) + plane[y1 * width + x1] * fx;
        return (float)(top * (1 - fy) + bottom * fy);
    }
}
