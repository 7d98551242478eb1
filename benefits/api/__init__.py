"""The benefits API: due list, awards, payrolls, recipients, overpayments. Serializers shape; services decide."""
