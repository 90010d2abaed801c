// placeholder: lands with its piece of issue #10.
