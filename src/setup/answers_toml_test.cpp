// placeholder: tests land with their piece of issue #10.
