import StrataTracking
import GRDB
