namespace FedActors.Simulation.Tests;

public sealed class UpdateValidatorTests
{
    private readonly UpdateValidator _validator = new(3, maxNorm: 5);

    [Fact]
    public void Validate_NormAtCeiling_Valid()
    {
        // Act
        var reason = _validator.Validate([3f, 4f, 0f], out var norm);

        // Assert
        Assert.Null(reason);
        Assert.Equal(5.0, norm, 12);
    }

    [Fact]
    public void Validate_NormAboveCeiling_Rejected()
    {
        // Act
        var reason = _validator.Validate([3f, 4f, 1f]);

        // Assert
        Assert.Equal("L2 norm 5.09902 exceeds the ceiling 5", reason);
    }

    [Fact]
    public void Validate_NaN_NamesFirstIndex()
    {
        // Act
        var reason = _validator.Validate([1f, float.NaN, float.NaN]);

        // Assert
        Assert.Equal("non-finite value NaN at index 1", reason);
    }

    [Fact]
    public void Validate_Infinity_Rejected()
    {
        // Act
        var reason = new UpdateValidator(3).Validate([0f, 0f, float.PositiveInfinity]);

        // Assert
        Assert.Equal("non-finite value Infinity at index 2", reason);
    }

    [Fact]
    public void Validate_WrongDimension_NamesBoth()
    {
        // Act
        var reason = _validator.Validate([1f, 2f]);

        // Assert
        Assert.Equal("dimension 2, expected 3", reason);
    }

    [Fact]
    public void Validate_NoCeiling_AcceptsLargeNorm()
    {
        // Act
        var reason = new UpdateValidator(1).Validate([1e30f]);

        // Assert
        Assert.Null(reason);
    }
}
