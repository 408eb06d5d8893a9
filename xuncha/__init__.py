"""xuncha: records, deadlines and documents for 盐城市安全生产巡查 (盐办发〔2019〕34号)."""

__version__ = "0.1.0"
